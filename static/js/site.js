// Small progressive enhancements shared by every page. The site works without this file.
(function () {
  "use strict";
  // Move focus to an error summary so keyboard and screen-reader users land on it.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
})();
