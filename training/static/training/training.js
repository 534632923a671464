// Training enhancements. Everything works without this file.
(function () {
  "use strict";
  // After a quiz is submitted the page comes back on #quiz-result: move focus there so that
  // screen readers read the score at once (the region is also a polite live region).
  if (window.location.hash === "#quiz-result") {
    var result = document.getElementById("quiz-result");
    if (result && result.textContent.trim()) { result.focus(); }
  }
})();
