/* Wagtail's dashboard writes its (visually hidden) search button as "Search" without
   translation; screen readers read it out, so it gets the translated label here. */
(function () {
    "use strict";
    var script = document.currentScript;
    var label = script ? script.dataset.searchLabel : "";
    function relabel() {
        document.querySelectorAll("form[role=search] input[type=submit][value=Search]").forEach(function (button) {
            if (label) { button.value = label; }
        });
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", relabel); } else { relabel(); }
}());
