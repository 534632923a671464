// Document page: while the text is being extracted, refresh the progress bar every two
// seconds from the progress endpoint; reload the page once the extraction has stopped so the
// extracted text appears. Without JavaScript, the "refresh" link does the same.
(function () {
  "use strict";
  var section = document.querySelector("[data-document-progress]");
  if (!section || section.getAttribute("data-working") !== "true") return;
  var bar = document.getElementById("document-progress");
  var text = document.getElementById("document-progress-text");
  var status = document.getElementById("document-status");
  var url = section.getAttribute("data-document-progress");
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        bar.value = data.percent;
        bar.textContent = data.percent + " %";
        text.textContent = data.percent + " % — " + data.done + " / " + data.total;
        status.textContent = data.status_label;
        if (data.working) { window.setTimeout(poll, 2000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
