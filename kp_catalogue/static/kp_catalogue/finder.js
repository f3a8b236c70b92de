/* Progressive enhancements of the public catalogue; every page works without them.
   - filters collapse on phones (the <details> is open in the HTML);
   - "Use my location" sends the browser's position as lat/lon in the GET query;
   - the shortlist's "Print" and "Copy link" buttons. */
(function () {
    "use strict";
    var details = document.querySelector(".catalogue-filters__details");
    if (details && !details.hasAttribute("data-active") && window.matchMedia("(max-width: 40em)").matches) {
        details.open = false;
    }
    var locate = document.querySelector("[data-locate]");
    if (locate && navigator.geolocation) {
        locate.hidden = false;
        locate.addEventListener("click", function () {
            navigator.geolocation.getCurrentPosition(function (position) {
                var form = locate.form;
                var select = form.querySelector("[name=blizko]");
                if (select) { select.value = ""; }
                [["lat", position.coords.latitude], ["lon", position.coords.longitude]].forEach(function (pair) {
                    var input = document.createElement("input");
                    input.type = "hidden";
                    input.name = pair[0];
                    input.value = pair[1].toFixed(5);
                    form.appendChild(input);
                });
                form.submit();
            }, function () {
                locate.insertAdjacentText("afterend", " " + locate.getAttribute("data-error"));
            }, {timeout: 10000, maximumAge: 600000});
        });
    }
    var print = document.querySelector("[data-print]");
    if (print) {
        print.hidden = false;
        print.addEventListener("click", function () { window.print(); });
    }
    var copy = document.querySelector("[data-copy-link]");
    var status = document.querySelector("[data-copy-status]");
    if (copy && navigator.clipboard) {
        copy.hidden = false;
        copy.addEventListener("click", function () {
            navigator.clipboard.writeText(window.location.href).then(function () {
                status.textContent = copy.getAttribute("data-done");
            }, function () {
                status.textContent = copy.getAttribute("data-failed");
            });
        });
    }
})();
