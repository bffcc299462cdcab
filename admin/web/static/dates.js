// The admin's date fields (input[data-date="date"] and "datetime") get a
// calendar that writes the day first, 30/06/2024 (and 24-hour times,
// 30/06/2024 08:00), whatever the browser's language. The date can be typed
// too; without JavaScript the field takes the same text, and the server
// reads it (admin.FormDate, admin.FormDateTime).
(function () {
  "use strict";
  var fp = window.flatpickr;
  if (!fp) return;
  var vi = document.documentElement.lang === "vi";
  var locale = vi && fp.l10ns.vn ? fp.l10ns.vn : { firstDayOfWeek: 1 };
  document.querySelectorAll("input[data-date]").forEach(function (el) {
    var withTime = el.getAttribute("data-date") === "datetime";
    fp(el, {
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
