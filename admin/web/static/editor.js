// The edit page's text editor. Without JavaScript the page is a plain form
// with a Markdown text area; with it, the text area becomes a toolbar
// editor (Toast UI Editor, what-you-see mode) that stores Markdown, so
// officers need not know Markdown, and pasted Word text keeps its headings,
// lists, tables and links. What is typed is also kept in the browser
// (autosave), so a closed tab or a lost connection loses nothing: the next
// visit offers to bring it back.
(function () {
  "use strict";
  var form = document.querySelector("form[data-editor]");
  if (!form) return;
  var body = form.querySelector("#body");
  var fields = ["title", "summary", "tags"].map(function (id) { return form.querySelector("#" + id); });
  var key = "portal-draft:" + form.getAttribute("data-editor");
  var vi = document.documentElement.lang === "vi";
  var editor = null;

  if (window.PortalEditor && body) {
    if (vi) {
      window.PortalEditor.setLanguage("vi-VN", {
        "Markdown": "Markdown", "WYSIWYG": "Soạn trực quan", "Write": "Soạn", "Preview": "Xem trước",
        "Headings": "Tiêu đề mục", "Paragraph": "Đoạn văn", "Bold": "Đậm", "Italic": "Nghiêng",
        "Strike": "Gạch ngang", "Code": "Mã", "Line": "Đường kẻ", "Blockquote": "Trích dẫn",
        "Unordered list": "Danh sách gạch đầu dòng", "Ordered list": "Danh sách đánh số",
        "Task": "Việc cần làm", "Indent": "Thụt vào", "Outdent": "Lùi ra", "Insert link": "Chèn liên kết",
        "Insert CodeBlock": "Chèn khối mã", "Insert table": "Chèn bảng", "Insert image": "Chèn ảnh",
        "Heading": "Tiêu đề", "Image URL": "Địa chỉ ảnh", "Select image file": "Chọn tệp ảnh",
        "Choose a file": "Chọn tệp", "No file": "Chưa có tệp", "Description": "Mô tả", "OK": "Đồng ý",
        "More": "Thêm", "Cancel": "Hủy", "File": "Tệp", "URL": "Địa chỉ", "Link text": "Chữ của liên kết",
        "Add row to up": "Thêm hàng phía trên", "Add row to down": "Thêm hàng phía dưới",
        "Add column to left": "Thêm cột bên trái", "Add column to right": "Thêm cột bên phải",
        "Remove row": "Xóa hàng", "Remove column": "Xóa cột", "Align column to left": "Căn trái",
        "Align column to center": "Căn giữa", "Align column to right": "Căn phải", "Remove table": "Xóa bảng",
        "Would you like to paste as table?": "Dán thành bảng?", "Text color": "Màu chữ",
        "Auto scroll enabled": "Cuộn theo", "Auto scroll disabled": "Không cuộn theo",
        "Choose language": "Chọn ngôn ngữ"
      });
    }
    var holder = document.createElement("div");
    holder.className = "toolbar-editor";
    body.parentNode.insertBefore(holder, body.nextSibling);
    body.hidden = true;
    editor = new window.PortalEditor({
      el: holder,
      initialValue: body.value,
      initialEditType: "wysiwyg",
      previewStyle: "tab",
      height: "460px",
      language: vi ? "vi-VN" : "en-US",
      usageStatistics: false, // never send anything anywhere
      autofocus: false,
      // The picture button opens the portal's own dialog (below), not the
      // editor's: that one offers pictures "from an address" that never
      // reach the library and forgets the description typed in it.
      toolbarItems: [["heading", "bold", "italic", "strike"], ["ul", "ol", "quote"],
        ["table", "link", { name: "picture", tooltip: vi ? "Chèn ảnh" : "Insert a picture", el: pictureButton() }], ["hr"]],
      // A picture pasted or dropped opens the same dialog, holding it, so
      // its description is asked for once, before it goes to the library.
      hooks: { addImageBlobHook: function (blob, done) { openPictureDialog(blob, done); } }
    });
    editor.on("change", function () { body.value = editor.getMarkdown(); save(); });
    // Word wraps pasted text in its own markup: clean it before the editor
    // sees it, so headings, lists, tables and links stay and the rest goes.
    holder.addEventListener("paste", function (ev) {
      var dt = ev.clipboardData;
      if (ev.portalClean || !dt) return;
      var html = dt.getData("text/html");
      if (!html) return;
      ev.preventDefault();
      ev.stopImmediatePropagation();
      var clean = new DataTransfer();
      clean.setData("text/html", cleanHTML(html));
      clean.setData("text/plain", dt.getData("text/plain"));
      var again = new ClipboardEvent("paste", { clipboardData: clean, bubbles: true, cancelable: true });
      again.portalClean = true;
      ev.target.dispatchEvent(again);
    }, true);
    // The toolbar wraps on a narrow screen; the editor's own "more" button,
    // shown when it does not, has no name for screen readers: give it one.
    function nameButtons() {
      holder.querySelectorAll(".toastui-editor-toolbar button:not([aria-label])").forEach(function (b) {
        var name = b.getAttribute("title") || (b.classList.contains("more") ? (vi ? "Thêm công cụ" : "More tools") : "");
        if (name) b.setAttribute("aria-label", name);
      });
    }
    nameButtons();
    new MutationObserver(nameButtons).observe(holder.querySelector(".toastui-editor-toolbar") || holder, { childList: true, subtree: true });
    // The label of the hidden text area now names the editor.
    var label = form.querySelector("label[for=body]");
    var area = holder.querySelector(".ProseMirror");
    if (label && area) {
      label.id = label.id || "body-label";
      holder.querySelectorAll(".ProseMirror").forEach(function (el) { el.setAttribute("aria-labelledby", label.id); });
    }
  }

  // Pictures: uploads into the media library and a picker to reuse one.
  var tools = form.querySelector(".picture-tools");
  var status = document.getElementById("picture-status");
  var csrf = form.querySelector("input[name=csrf_token]").value;
  function say(text, link) {
    if (!status) return;
    status.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.href = link; a.target = "_blank"; a.rel = "noopener"; a.textContent = link;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(a);
    }
    status.hidden = false;
  }
  function pictureButton() {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "toastui-editor-toolbar-icons image";
    b.setAttribute("aria-label", vi ? "Chèn ảnh" : "Insert a picture");
    b.addEventListener("click", function () { openPictureDialog(null, null); });
    return b;
  }

  // openPictureDialog asks for a picture (unless one was pasted or
  // dropped) and what readers need to know of it: its description and
  // caption in this version's language, its credit and licence. It uploads
  // them together to the media library and puts the library's copy in the
  // text; cancelled, it adds nothing.
  function openPictureDialog(blob, done) {
    var tpl = document.getElementById("picture-dialog");
    if (!tpl) return;
    var dlg = tpl.content.firstElementChild.cloneNode(true);
    var f = dlg.querySelector("form");
    var file = dlg.querySelector("#pd-file");
    var problem = dlg.querySelector(".pd-problem");
    var lang = tools.getAttribute("data-media-lang");
    if (blob) {
      dlg.querySelector(".pd-choose-file").hidden = true;
      var pasted = dlg.querySelector(".pd-pasted");
      pasted.textContent = dlg.getAttribute("data-t-pasted").replace("%s", (blob.name || "") + " " + Math.round(blob.size / 1024) + " KB");
      pasted.hidden = false;
    }
    function fail(text, field) {
      problem.textContent = text;
      problem.hidden = false;
      if (field) { field.setAttribute("aria-invalid", "true"); field.focus(); }
    }
    dlg.querySelector(".pd-cancel").addEventListener("click", function () { dlg.close(); });
    dlg.querySelector(".pd-library").addEventListener("click", function () { dlg.close(); openPicker(); });
    dlg.addEventListener("close", function () { dlg.remove(); if (editor) editor.focus(); });
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      dlg.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
      var chosen = blob || (file.files && file.files[0]);
      var alt = dlg.querySelector("#pd-alt");
      if (!chosen) { fail(dlg.getAttribute("data-t-need-file"), file); return; }
      if (!alt.value.trim()) { fail(dlg.getAttribute("data-t-need-alt"), alt); return; }
      var data = new FormData();
      data.append("file", chosen, chosen.name || "anh.png");
      data.append("lang", lang);
      data.append("alt_" + lang, alt.value.trim());
      data.append("caption_" + lang, dlg.querySelector("#pd-caption").value.trim());
      data.append("credit", dlg.querySelector("#pd-credit").value.trim());
      data.append("licence", dlg.querySelector("#pd-licence").value);
      var send = f.querySelector("button[type=submit]");
      send.disabled = true;
      problem.hidden = true;
      say(tools.getAttribute("data-t-uploading"));
      fetch("/admin/media", { method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRF-Token": csrf } })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
        .then(function (res) {
          send.disabled = false;
          if (!res.ok) { status.hidden = true; fail(res.j.message || ""); return; }
          dlg.close();
          if (done) done(res.j.path, res.j.alt || alt.value.trim());
          else editor.exec("addImage", { imageUrl: res.j.path, altText: res.j.alt || alt.value.trim() });
          body.value = editor.getMarkdown(); save();
          if (res.j.missing && res.j.missing.length) say(tools.getAttribute("data-t-uploaded"), res.j.edit);
          else status.hidden = true;
        })
        .catch(function () { send.disabled = false; status.hidden = true; fail(tools.getAttribute("data-t-failed")); });
    });
    document.body.appendChild(dlg);
    dlg.showModal();
    (blob ? dlg.querySelector("#pd-alt") : file).focus();
  }
  var pick = document.getElementById("insert-picture");
  if (pick && editor) {
    pick.hidden = false;
    pick.addEventListener("click", openPicker);
  }
  function openPicker() {
    var dlg = document.createElement("dialog");
    dlg.className = "picker";
    dlg.setAttribute("aria-labelledby", "picker-h");
    var h = document.createElement("h2");
    h.id = "picker-h"; h.textContent = tools.getAttribute("data-t-choose");
    var label = document.createElement("label");
    label.textContent = tools.getAttribute("data-t-search") + " ";
    var q = document.createElement("input");
    q.type = "search"; q.id = "picker-q";
    label.appendChild(q);
    var list = document.createElement("ul");
    list.className = "media-grid";
    var close = document.createElement("button");
    close.type = "button"; close.className = "secondary"; close.textContent = tools.getAttribute("data-t-close");
    close.addEventListener("click", function () { dlg.close(); });
    dlg.addEventListener("close", function () { dlg.remove(); pick.focus(); });
    dlg.append(h, label, list, close);
    document.body.appendChild(dlg);
    var lang = tools.getAttribute("data-media-lang");
    var timer = null;
    function search() {
      fetch("/admin/media?format=json&lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q.value),
        { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (res) {
          list.textContent = "";
          if (!res.items.length) {
            var none = document.createElement("li"); none.textContent = tools.getAttribute("data-t-none");
            list.appendChild(none);
          }
          res.items.forEach(function (it) {
            var li = document.createElement("li");
            var b = document.createElement("button");
            b.type = "button"; b.className = "pick";
            var img = document.createElement("img");
            img.src = it.thumb; img.alt = ""; img.width = 240; img.height = 160;
            var cap = document.createElement("span");
            cap.textContent = it.caption || it.alt || it.path.split("/").pop();
            b.append(img, cap);
            if (it.needs) {
              var warn = document.createElement("span");
              warn.className = "bad"; warn.textContent = tools.getAttribute("data-t-needs") + ": " + it.needs;
              b.appendChild(warn);
            }
            b.addEventListener("click", function () {
              dlg.close();
              editor.exec("addImage", { imageUrl: it.path, altText: it.alt || "" });
              body.value = editor.getMarkdown(); save();
            });
            li.appendChild(b);
            list.appendChild(li);
          });
        });
    }
    q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 250); });
    search();
    dlg.showModal();
    q.focus();
  }

  // cleanHTML keeps the structure of pasted HTML (headings, paragraphs,
  // lists, tables, links, bold, italic) and drops Word's classes, styles,
  // fonts, spans, comments and XML, and the paragraphs inside table cells.
  function cleanHTML(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var keep = { A: 1, B: 1, STRONG: 1, I: 1, EM: 1, P: 1, BR: 1, H1: 1, H2: 1, H3: 1, H4: 1, H5: 1, H6: 1,
      UL: 1, OL: 1, LI: 1, TABLE: 1, THEAD: 1, TBODY: 1, TR: 1, TH: 1, TD: 1, BLOCKQUOTE: 1 };
    function walk(node) {
      Array.prototype.slice.call(node.childNodes).forEach(function (child) {
        if (child.nodeType === 8) { child.remove(); return; } // comments
        if (child.nodeType !== 1) return;
        walk(child);
        var tag = child.tagName.toUpperCase();
        if (tag === "STYLE" || tag === "SCRIPT" || tag === "META" || tag === "LINK" || tag === "TITLE") { child.remove(); return; }
        var inCell = child.parentNode && /^(TD|TH)$/.test(child.parentNode.tagName);
        if (!keep[tag] || (tag === "P" && inCell)) {
          while (child.firstChild) child.parentNode.insertBefore(child.firstChild, child);
          child.remove();
          return;
        }
        Array.prototype.slice.call(child.attributes).forEach(function (a) {
          if (!(tag === "A" && a.name === "href")) child.removeAttribute(a.name);
        });
      });
    }
    walk(doc.body);
    // The article's title is the page's only first-level heading: Word's
    // Heading 1 is a section (level 2), and levels stop at 4.
    doc.body.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach(function (h) {
      var level = Math.min(parseInt(h.tagName.charAt(1), 10) + 1, 4);
      var to = doc.createElement("h" + level);
      while (h.firstChild) to.appendChild(h.firstChild);
      h.parentNode.replaceChild(to, h);
    });
    // Markdown tables have a header row; Word's often do not: the first
    // row becomes the header.
    doc.body.querySelectorAll("table").forEach(function (table) {
      if (table.querySelector("thead")) return;
      var first = table.querySelector("tr");
      if (!first) return;
      var head = doc.createElement("thead");
      var row = doc.createElement("tr");
      Array.prototype.slice.call(first.children).forEach(function (cell) {
        var th = doc.createElement("th");
        while (cell.firstChild) th.appendChild(cell.firstChild);
        row.appendChild(th);
      });
      head.appendChild(row);
      first.remove();
      table.insertBefore(head, table.firstChild);
    });
    return doc.body.innerHTML;
  }

  function current() {
    return { title: fields[0] && fields[0].value, summary: fields[1] && fields[1].value,
      tags: fields[2] && fields[2].value, body: editor ? editor.getMarkdown() : body.value };
  }
  var saved = JSON.stringify(current());
  function save() {
    var now = JSON.stringify(current());
    try {
      if (now === saved) localStorage.removeItem(key); else localStorage.setItem(key, now);
    } catch (e) { /* private mode: nothing kept, nothing lost either */ }
  }
  form.addEventListener("input", save);
  form.addEventListener("submit", function () {
    if (editor) body.value = editor.getMarkdown();
    try { localStorage.removeItem(key); } catch (e) {}
  });

  // Offer the text kept from an earlier visit.
  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) {}
  if (kept && JSON.stringify(kept) !== saved) {
    var note = document.getElementById("autosave-note");
    if (note) {
      note.hidden = false;
      note.querySelector("button").addEventListener("click", function () {
        if (fields[0]) fields[0].value = kept.title || "";
        if (fields[1]) fields[1].value = kept.summary || "";
        if (fields[2]) fields[2].value = kept.tags || "";
        body.value = kept.body || "";
        if (editor) editor.setMarkdown(kept.body || "");
        note.hidden = true;
      });
    }
  }
})();
