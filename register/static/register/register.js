// History page: "compare" goes straight to the readable diff URL. Without JS the form
// submits ?a=&b= to the history page, which redirects to the same URL.
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form) { return; }
  form.addEventListener("submit", function (event) {
    var a = form.elements.a.value, b = form.elements.b.value;
    var url = form.getAttribute("data-diff-url").replace(/\/0\/0\/$/, "/" + a + "/" + b + "/");
    event.preventDefault();
    window.location.assign(url);
  });
})();
