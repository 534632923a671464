// Small progressive enhancements shared by every page. The site works without this file.
(function () {
  "use strict";

  // Focus: after a refused form, on its error summary; after an action (a vote, a report…),
  // on its confirmation. Keyboard and screen-reader users land where the news is.
  // The browser's own scroll to a #fragment (e.g. "#vote") comes after this script and would
  // take the focus back: the focus moves once the page has loaded.
  function focusNews() {
    var summary = document.querySelector("[data-autofocus]");
    var confirmation = document.querySelector(".messages");
    if (summary) {
      summary.focus();
    } else if (confirmation) {
      confirmation.setAttribute("tabindex", "-1");
      confirmation.focus();
    }
  }
  if (document.readyState === "complete") { focusNews(); }
  else { window.addEventListener("load", focusNews); }

  // Character counter for a text with a length limit (`data-maxlength`). The browser does not
  // cut the text (no `maxlength`): the count says how much is left or over, the server refuses
  // a longer text and keeps it. Messages come translated in data attributes.
  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, key) { return values[key]; });
  }
  var lang = document.documentElement.lang || undefined;
  var numbers = window.Intl ? new Intl.NumberFormat(lang) : { format: String };
  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-maxlength]"), function (area) {
    var limit = parseInt(area.getAttribute("data-maxlength"), 10);
    var counter = document.createElement("p");
    counter.className = "hint char-counter";
    counter.id = area.id + "_counter";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var count = area.value.length;
      var over = count > limit;
      counter.textContent = over
        ? format(area.getAttribute("data-counter-over"), { over: numbers.format(count - limit) })
        : format(area.getAttribute("data-counter"), { count: numbers.format(count), limit: numbers.format(limit) });
      counter.classList.toggle("char-counter--over", over);
    }
    area.addEventListener("input", update);
    update();
  });

  // Header menu on small screens: a disclosure button (WAI-ARIA disclosure pattern). Without
  // this script the button stays hidden and the menu stays open.
  var toggle = document.querySelector("[data-menu-toggle]");
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;
  if (toggle && narrow) {
    var header = toggle.closest("header");
    var panels = toggle.getAttribute("aria-controls").split(" ").map(function (id) {
      return document.getElementById(id);
    });
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    };
    toggle.hidden = false;
    header.classList.add("has-menu-toggle");
    setOpen(!narrow.matches);
    if (narrow.addEventListener) {
      narrow.addEventListener("change", function () { setOpen(!narrow.matches); });
    }
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    // Filters (a <details> open by default) fold on small screens, and open on wide ones where
    // their summary is not shown.
    var foldable = document.querySelectorAll("details[data-collapse-narrow]");
    var fold = function () {
      Array.prototype.forEach.call(foldable, function (details) { details.open = !narrow.matches; });
    };
    fold();
    if (narrow.addEventListener) { narrow.addEventListener("change", fold); }
    // Escape closes the menu and gives the focus back to its button.
    header.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !narrow.matches || toggle.getAttribute("aria-expanded") !== "true") { return; }
      var inside = panels.some(function (panel) { return panel && panel.contains(document.activeElement); });
      if (inside || document.activeElement === toggle) {
        setOpen(false);
        toggle.focus();
      }
    });
  }
})();
