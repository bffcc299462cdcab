// The admin's date fields (input[data-date="date"] and "datetime") get a
// calendar that writes the day first, as the admin shows dates (30/6/2024,
// and 24-hour times: 30/6/2024 08:00), whatever the browser's language. The date can be typed
// too; without JavaScript the field takes the same text, and the server
// reads it (admin.FormDate, admin.FormDateTime).
(function () {
  "use strict";
  var fp = window.flatpickr;
  if (!fp) return;
  var vi = document.documentElement.lang === "vi";
  // English keeps flatpickr's own names, with weeks from Monday.
  var locale = vi && fp.l10ns.vn ? fp.l10ns.vn : Object.assign({}, fp.l10ns.default, { firstDayOfWeek: 1 });
  function two(n) { return (n < 10 ? "0" : "") + n; }
  // The short date of the admin and the site (admin.ShortDate): in
  // Vietnamese the month is padded only for January and February
  // ("06/6/2024", "05/02/2023"), in English always ("06/06/2024").
  // An event's day without a time is the whole day: such a field
  // (data-all-day) writes a day alone when no time is chosen (00:00).
  function write(d, withTime, allDay) {
    var m = d.getMonth() + 1;
    var s = two(d.getDate()) + "/" + (vi && m > 2 ? String(m) : two(m)) + "/" + d.getFullYear();
    if (!withTime || (allDay && d.getHours() === 0 && d.getMinutes() === 0)) return s;
    return s + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }
  // read takes what the server takes (admin.FormDate, FormDateTime): a
  // day first, with "/", "-" or ".", or an ISO date, and a 24-hour time
  // or not; anything else, or a day or time that does not exist, is
  // undefined.
  function read(text) {
    var y, mo, d, h = 0, mi = 0, m;
    if ((m = /^\s*(\d{1,2})[\/.-](\d{1,2})[\/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2}))?\s*$/.exec(text || ""))) {
      d = +m[1]; mo = +m[2]; y = +m[3]; h = +(m[4] || 0); mi = +(m[5] || 0);
    } else if ((m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2})?)?\s*$/.exec(text || ""))) {
      y = +m[1]; mo = +m[2]; d = +m[3]; h = +(m[4] || 0); mi = +(m[5] || 0);
    } else {
      return undefined;
    }
    if (y < 1900 || y > 2200 || h > 23 || mi > 59) return undefined;
    var date = new Date(y, mo - 1, d, h, mi);
    return date.getDate() === d && date.getMonth() === mo - 1 ? date : undefined;
  }
  document.querySelectorAll("input[data-date]").forEach(function (el) {
    var withTime = el.getAttribute("data-date") === "datetime";
    var allDay = el.hasAttribute("data-all-day");
    // What the officer typed and the calendar cannot read stays in the
    // field, for the server to say what is wrong with it, instead of
    // vanishing.
    var typed = "";
    el.addEventListener("input", function () { typed = el.value; el.removeAttribute("aria-invalid"); });
    function keep() {
      setTimeout(function () {
        if (!el.value && typed.trim() && !read(typed)) {
          el.value = typed;
          el.setAttribute("aria-invalid", "true");
        }
      }, 0);
    }
    el.addEventListener("blur", keep);
    fp(el, {
      formatDate: function (d, format) { return format === "j F Y" ? fp.formatDate(d, format, locale) : write(d, withTime, allDay); },
      parseDate: function (text) { return read(text); },
      locale: locale,
      dateFormat: withTime ? "d/m/Y H:i" : "d/m/Y",
      enableTime: withTime,
      time_24hr: true,
      allowInput: true,
      // Screen readers hear the day first too: "30 Tháng sáu 2024".
      ariaDateFormat: "j F Y",
      // A phone's own picker would show the phone's order again.
      disableMobile: true,
      // The month as text with arrows: the drop-down list has no name for
      // screen readers.
      monthSelectorType: "static",
      animate: false,
      onClose: keep,
      onChange: keep
    });
  });
})();
