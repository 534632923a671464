// Small progressive enhancements shared by every page. The site works without this file.
(function () {
  "use strict";
  // Move focus to an error summary so keyboard and screen-reader users land on it.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }

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
