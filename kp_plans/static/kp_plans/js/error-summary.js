// Enhancement only: without it the error summary is still the first thing in the invalid form.
// With it, focus moves there so a screen reader announces the errors and the keyboard starts there.
(function () {
    "use strict";
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) { return; }
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) { return; }
        event.preventDefault();
        field.focus();
        field.scrollIntoView({block: "center"});
    });
}());
