// While a version waits for the site to be rebuilt, the edit page's "On
// the site" line is read again every few seconds, so that the link to the
// public page appears by itself once readers can see it. Only that line
// changes: nothing typed in the page is touched. Without JavaScript the
// line says the same after a reload.
(function () {
  "use strict";
  var line = document.querySelector(".site-state[data-waiting]");
  if (!line || !window.fetch || !window.DOMParser) return;
  var tries = 0;
  var timer = setInterval(function () {
    if (++tries > 150) { clearInterval(timer); return; } // ten minutes at most
    fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".site-state");
        if (!fresh) return;
        line.innerHTML = fresh.innerHTML;
        if (!fresh.hasAttribute("data-waiting")) {
          line.removeAttribute("data-waiting");
          clearInterval(timer);
        }
      })
      .catch(function () {});
  }, 4000);
})();
