// Enhancements only: the forms work without this file.
(function () {
  "use strict";
  document.querySelectorAll("[data-kpc-counter]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-kpc-counter"));
    if (!field) { return; }
    var max = parseInt(field.getAttribute("maxlength"), 10);
    var template = document.documentElement.lang === "cs" ? "Zbývá znaků: " : "Characters left: ";
    var update = function () { counter.textContent = template + (max - field.value.length); };
    field.addEventListener("input", update);
    update();
  });
  // After the redirect, move focus to the outcome so that screen readers announce it.
  // The browser's own jump to the #fragment comes later and would take focus back to <body>.
  // An invalid form's error summary goes first: it links to each field that needs fixing.
  var flash = document.querySelector("[data-kpc-error-summary]") || document.querySelector("[data-kpc-flash]");
  if (flash) {
    flash.focus();
    window.addEventListener("load", function () {
      window.setTimeout(function () { flash.focus(); }, 0);
    });
  }
}());
