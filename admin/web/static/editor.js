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
      toolbarItems: [["heading", "bold", "italic", "strike"], ["ul", "ol", "quote"], ["table", "link"], ["hr"]]
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
    // The label of the hidden text area now names the editor.
    var label = form.querySelector("label[for=body]");
    var area = holder.querySelector(".ProseMirror");
    if (label && area) {
      label.id = label.id || "body-label";
      holder.querySelectorAll(".ProseMirror").forEach(function (el) { el.setAttribute("aria-labelledby", label.id); });
    }
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
