// Run page: streams a pending run (POST → server-sent events read with fetch), shows each
// verified sentence as it arrives, then reloads the page for the final, server-rendered result.
// A run in a Celery worker: polls its progress. Without JavaScript the forms still work.
(function () {
  "use strict";
  var root = document.getElementById("ws-run");
  var copy = document.getElementById("ws-copy");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var area = copy.form.querySelector("textarea");
      navigator.clipboard.writeText(area ? area.value : "").then(function () {
        copy.textContent = copy.dataset.copied;
      });
    });
  }
  if (!root || !window.fetch || !window.ReadableStream || !window.TextDecoder) { return; }
  var i18n = document.getElementById("ws-i18n").dataset;
  var statusEl = document.getElementById("ws-status");
  var live = document.getElementById("ws-live");
  var bar = document.getElementById("ws-progress-bar");
  var barText = document.getElementById("ws-progress-text");
  var cancelForm = document.getElementById("ws-cancel-form");
  var csrfInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var dropped = 0;

  function say(text) { statusEl.textContent = text || ""; }
  function progress(done, total) {
    if (!bar || !total) { return; }
    var pct = Math.min(100, Math.round(100 * done / total));
    bar.value = pct;
    barText.textContent = pct + " %";
  }

  function parseEvent(raw) {
    var name = "message", data = [];
    raw.split("\n").forEach(function (line) {
      if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
      else if (line.indexOf("data:") === 0) { data.push(line.slice(5).replace(/^ /, "")); }
    });
    try { return [name, JSON.parse(data.join("\n") || "{}")]; } catch (e) { return [name, {}]; }
  }

  var currentPart = null;
  function handle(name, data) {
    if (name === "queue") { say(i18n.queue.replace("{n}", data.position)); }
    else if (name === "node") { say(i18n.writing); }
    else if (name === "progress") { progress(data.done, data.total); say(i18n.progress.replace("{done}", data.done + 1).replace("{total}", data.total)); }
    else if (name === "part_start") {
      currentPart = document.createElement("section");
      currentPart.className = "ws-part";
      var h = document.createElement("h3");
      h.textContent = data.label;
      currentPart.appendChild(h);
      currentPart.appendChild(document.createElement("p"));
      live.appendChild(currentPart);
    } else if (name === "sentence" && currentPart) {
      var p = currentPart.querySelector("p");
      var span = document.createElement("span");
      span.className = "ws-sentence";
      span.textContent = data.text + " ";
      p.appendChild(span);
      (data.sources || []).forEach(function (s) {
        var a = document.createElement("a");
        a.className = "ws-cite";
        a.href = s.url || "#";
        a.textContent = "[" + (s.label || s.number) + "]";
        p.appendChild(a);
        p.appendChild(document.createTextNode(" "));
      });
    } else if (name === "dropped") {
      dropped += 1;
      say(i18n.dropped.replace("{n}", dropped));
    } else if (name === "delta") {
      live.appendChild(document.createTextNode(data.text));
    } else if (name === "refused") {
      var notice = document.createElement("p");
      notice.textContent = data.message;
      live.appendChild(notice);
    } else if (name === "error") { say(data.message || i18n.error); }
    else if (name === "done") { say(i18n.done); window.location.reload(); }
  }

  function stream() {
    var execForm = document.getElementById("ws-execute-form");
    if (execForm) { execForm.hidden = true; }
    live.hidden = false;
    say(i18n.writing);
    fetch(root.dataset.streamUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrf, "Accept": "text/event-stream" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok || !response.body) {
        return response.json().then(function (body) {
          say((body && body.error && body.error.message) || i18n.error);
          if (execForm) { execForm.hidden = false; }
        }, function () { say(i18n.error); });
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { return; }
          buffer += decoder.decode(chunk.value, { stream: true });
          var parts = buffer.split("\n\n");
          buffer = parts.pop();
          parts.forEach(function (raw) { if (raw.trim()) { handle.apply(null, parseEvent(raw)); } });
          return pump();
        });
      }
      return pump();
    }).catch(function () { say(i18n.error); });
  }

  function poll() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        progress(s.done, s.total);
        if (s.finished) { window.location.reload(); } else { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  if (cancelForm) {
    cancelForm.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(root.dataset.cancelUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf, "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function () { say(i18n.done); });
    });
  }

  if (root.dataset.status === "pending" && !root.dataset.worker) { stream(); }
  else if (root.dataset.status === "pending" || root.dataset.status === "running") { poll(); }
}());
