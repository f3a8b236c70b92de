/* Progressive enhancement for the A−/A/A+ control: without JavaScript the links go through
   /pismo/<size>/ and reload the page; with it the size changes at once and the same cookie
   is written, so the server renders the next page in the same size. */
(function () {
    "use strict";
    var SIZES = ["small", "normal", "large"];
    document.addEventListener("click", function (event) {
        var link = event.target.closest("[data-font-size]");
        if (!link) { return; }
        var size = link.getAttribute("data-font-size");
        if (SIZES.indexOf(size) === -1) { return; }
        event.preventDefault();
        var root = document.documentElement;
        SIZES.forEach(function (s) { root.classList.remove("fs-" + s); });
        root.classList.add("fs-" + size);
        var secure = window.location.protocol === "https:" ? "; Secure" : "";
        document.cookie = "kp_font_size=" + size + "; Max-Age=31536000; Path=/; SameSite=Lax" + secure;
        document.querySelectorAll("[data-font-size]").forEach(function (option) {
            if (option === link) { option.setAttribute("aria-current", "true"); }
            else { option.removeAttribute("aria-current"); }
        });
    });
}());
