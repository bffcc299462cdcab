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
  var locale = vi && fp.l10ns.vn ? fp.l10ns.vn : { firstDayOfWeek: 1 };
  function two(n) { return (n < 10 ? "0" : "") + n; }
  // The short date of the admin and the site (admin.ShortDate): in
  // Vietnamese the month is padded only for January and February
  // ("06/6/2024", "05/02/2023"), in English always ("06/06/2024").
  function write(d, withTime) {
    var m = d.getMonth() + 1;
    var s = two(d.getDate()) + "/" + (vi && m > 2 ? String(m) : two(m)) + "/" + d.getFullYear();
    return withTime ? s + " " + two(d.getHours()) + ":" + two(d.getMinutes()) : s;
  }
  // read takes what an officer types: day/month/year, with "/", "-" or
  // ".", and a 24-hour time or not.
  function read(text) {
    var m = /^\s*(\d{1,2})[\/.-](\d{1,2})[\/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2}))?\s*$/.exec(text || "");
    if (!m) return undefined;
    var d = new Date(+m[3], +m[2] - 1, +m[1], +(m[4] || 0), +(m[5] || 0));
    return d.getDate() === +m[1] && d.getMonth() === +m[2] - 1 ? d : undefined;
  }
  document.querySelectorAll("input[data-date]").forEach(function (el) {
    var withTime = el.getAttribute("data-date") === "datetime";
    fp(el, {
      formatDate: function (d, format) { return format === "j F Y" ? fp.formatDate(d, format, locale) : write(d, withTime); },
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
      animate: false
    });
  });
})();
