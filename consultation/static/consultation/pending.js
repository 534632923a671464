// A page waiting for the city's AI (a translation, a synthesis draft) asks every few seconds
// whether the result is there, then says so in its live region with a link to show it: the
// page never reloads under the reader (RGAA 13.1; without JavaScript a <noscript> refresh does).
(function () {
  "use strict";
  var box = document.querySelector("[data-pending]");
  if (!box || !window.fetch) { return; }
  var ready = box.querySelector("[data-pending-ready]");
  var delay = 3000;
  function check() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (html.indexOf("data-pending") === -1) { ready.hidden = false; }
        else { window.setTimeout(check, delay); }
      })
      .catch(function () { window.setTimeout(check, delay * 3); });
  }
  window.setTimeout(check, delay);
}());
