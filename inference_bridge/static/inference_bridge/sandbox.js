// Sandbox chat: POSTs the question, reads the server-sent events with fetch + ReadableStream,
// and lets the visitor stop the answer: the server stops generating upstream and still sends
// the usage of what it generated (tokens, time, energy), shown with the stopped answer.
(function () {
  "use strict";
  var form = document.getElementById("ib-form");
  if (!form || !window.fetch || !window.ReadableStream || !window.TextDecoder) {
    return; // the plain form POST still works
  }
  var log = document.getElementById("ib-log");
  var statusEl = document.getElementById("ib-status");
  var stopBtn = document.getElementById("ib-stop");
  var sendBtn = document.getElementById("ib-send");
  var newBtn = document.getElementById("ib-new");
  var i18n = document.getElementById("ib-i18n").dataset;
  var nodeName = document.getElementById("ib-node-name");
  var nodeZone = document.getElementById("ib-node-zone");
  var streamUrl = form.dataset.streamUrl;
  var stopUrl = form.dataset.stopUrl;
  var csrf = form.elements.csrfmiddlewaretoken.value;

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === "x" ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  var history = [];
  try { history = JSON.parse(form.elements.history.value || "[]"); } catch (e) { history = []; }
  var conversationId = form.elements.conversation_id.value || newId();
  var controller = null;
  var generationId = null;
  var stopping = false; // the stop was asked: ignore the words still on their way
  var stopTimer = null;
  // After a stop the server ends the stream with the usage of the cancelled generation within
  // a token or two; if it does not (the stop request was lost), stop reading after this long.
  var STOP_GRACE_MS = 10000;

  function say(text) { statusEl.textContent = text || ""; }

  function clone(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }

  function append(node) {
    var empty = log.querySelector(".ib-empty");
    if (empty) { empty.remove(); }
    log.appendChild(node);
    return node;
  }

  // Numbers in the page's language ("0,055 Wh" on French pages), as the server writes them.
  var pageLang = document.documentElement.lang || undefined;
  function localNumber(value, options) {
    return new Intl.NumberFormat(pageLang, options).format(Number(value));
  }

  function showMetrics(turn, u) {
    var m = clone("ib-metrics-template");
    m.querySelector("[data-field=tokens]").textContent = (u.tokens_estimated ? "≈ " : "") +
      localNumber(u.prompt_tokens) + " + " + localNumber(u.completion_tokens);
    m.querySelector("[data-field=seconds]").textContent = localNumber(u.duration_ms / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    m.querySelector("[data-field=wh]").textContent = localNumber(u.energy_wh, { maximumSignificantDigits: 2 });
    m.querySelector("[data-field=co2]").textContent = localNumber(u.co2_g, { maximumSignificantDigits: 2 });
    m.querySelector("[data-field=stopped]").hidden = u.finish_reason !== "cancelled";
    turn.appendChild(m);
  }

  function showError(turn, message) {
    var p = document.createElement("p");
    p.className = "notice notice--error";
    p.setAttribute("role", "alert");
    p.textContent = message || i18n.error;
    turn.appendChild(p);
  }

  function parseEvent(raw) {
    var name = "message", data = [];
    raw.split("\n").forEach(function (line) {
      if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
      else if (line.indexOf("data:") === 0) { data.push(line.slice(5).replace(/^ /, "")); }
    });
    var payload = {};
    try { payload = JSON.parse(data.join("\n") || "{}"); } catch (e) { payload = {}; }
    return { name: name, data: payload };
  }

  function finish() {
    stopBtn.hidden = true;
    sendBtn.disabled = false;
    controller = null;
    generationId = null;
    stopping = false;
    if (stopTimer) { clearTimeout(stopTimer); stopTimer = null; }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (controller) { return; }
    var prompt = form.elements.prompt.value.trim();
    if (!prompt) { say(i18n.empty); form.elements.prompt.focus(); return; }
    var body = new URLSearchParams(new FormData(form));
    body.set("history", JSON.stringify(history));
    body.set("conversation_id", conversationId);

    var userTurn = clone("ib-user-template");
    userTurn.querySelector(".ib-text").textContent = prompt;
    append(userTurn);
    var aiTurn = append(clone("ib-ai-template"));
    var textEl = aiTurn.querySelector(".ib-text");
    var answer = "";
    var stopped = false;
    form.elements.prompt.value = "";
    controller = new AbortController();
    stopBtn.hidden = false;
    sendBtn.disabled = true;
    say(i18n.writing);

    function handle(ev) {
      var d = ev.data;
      if (ev.name === "start") { generationId = d.id; }
      else if (ev.name === "queue") { say(i18n.queue.replace("{n}", d.position)); }
      else if (ev.name === "node") {
        say(i18n.writing);
        nodeName.textContent = d.node + " (" + d.operator + ")";
        nodeZone.textContent = d.zone + (d.hosting ? " — " + d.hosting : "");
      }
      else if (ev.name === "delta") {
        if (!stopping) { answer += d.text; textEl.textContent = answer; }
      }
      else if (ev.name === "usage") { showMetrics(aiTurn, d); }
      else if (ev.name === "error") { showError(aiTurn, d.message); }
    }

    fetch(streamUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "text/event-stream" },
      signal: controller.signal
    }).then(function (response) {
      if (!response.ok) {
        return response.json().catch(function () { return {}; }).then(function (j) {
          showError(aiTurn, j.error && j.error.message);
        });
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { return; }
          buffer += decoder.decode(chunk.value, { stream: true });
          var idx;
          while ((idx = buffer.indexOf("\n\n")) >= 0) {
            handle(parseEvent(buffer.slice(0, idx)));
            buffer = buffer.slice(idx + 2);
          }
          return pump();
        });
      }
      return pump();
    }).catch(function (err) {
      if (!(err && err.name === "AbortError")) { showError(aiTurn); }
    }).then(function () {
      stopped = stopping;
      history.push({ role: "user", content: prompt });
      if (answer) { history.push({ role: "assistant", content: answer }); }
      else { history.pop(); }
      say(stopped ? i18n.stopped : i18n.done);
      finish();
    });
  });

  // Ask the server to stop; keep reading the stream until its final usage event, which
  // `abortNow` (a new conversation) does not wait for.
  function stop(abortNow) {
    if (!controller) { return; }
    var current = controller;
    if (!stopping) {
      stopping = true;
      stopBtn.hidden = true;
      say(i18n.stopping);
      if (generationId) {
        fetch(stopUrl, {
          method: "POST",
          credentials: "same-origin",
          keepalive: true,
          headers: { "X-CSRFToken": csrf },
          body: new URLSearchParams({ id: generationId, csrfmiddlewaretoken: csrf })
        }).catch(function () { current.abort(); });
      } else {
        abortNow = true; // nothing is generating yet: there is no usage to wait for
      }
      stopTimer = setTimeout(function () { current.abort(); }, STOP_GRACE_MS);
    }
    if (abortNow) { current.abort(); }
  }

  stopBtn.addEventListener("click", function () { stop(false); });

  // Example questions: without JavaScript they are links (?prompt= fills the box on a new
  // page); here they fill the box of this conversation.
  Array.prototype.forEach.call(document.querySelectorAll(".ib-examples a[data-prompt]"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      form.elements.prompt.value = link.dataset.prompt;
      form.elements.prompt.focus();
    });
  });

  newBtn.addEventListener("click", function (event) {
    event.preventDefault();
    if (controller) { stop(true); }
    history = [];
    conversationId = newId();
    log.replaceChildren();
    if (form.elements.share) { form.elements.share.checked = false; }
    nodeName.textContent = "—";
    nodeZone.textContent = "—";
    say("");
    form.elements.prompt.focus();
  });
})();
