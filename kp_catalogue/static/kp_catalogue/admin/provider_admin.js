/* Edit forms of the catalogue, enhanced in place: the form works without this file.
   - Checkbox lists (target groups, municipalities, …) get a search box that hides
     non-matching rows; ticked boxes stay ticked whatever is hidden.
   - The latitude/longitude pair of a location gets a map to click; the decimal fields stay
     the source of truth. Without a configured tile server the map is a plain box that shows
     the other places of the form, so nothing is fetched from outside.
   - The date picker's English "Save Selected" button is relabelled. */
(function () {
    "use strict";
    var script = document.currentScript;
    var config = script ? script.dataset : {};
    var CENTRE = [parseFloat(config.lat || "49.47"), parseFloat(config.lng || "17.97")];

    function fold(text) {
        return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }

    function enhanceChecklist(panel) {
        if (panel.dataset.kpChecklist) { return; }
        var boxes = panel.querySelectorAll("input[type=checkbox]");
        if (!boxes.length) { return; }
        panel.dataset.kpChecklist = "1";
        var rows = Array.prototype.map.call(boxes, function (box) {
            return box.closest("li") || box.closest("label") || box.parentNode;
        });
        var search = document.createElement("input");
        search.type = "search";
        search.className = "kp-checklist-search";
        search.placeholder = config.searchLabel || "";
        search.setAttribute("aria-label", config.searchLabel || "");
        var status = document.createElement("p");
        status.className = "help kp-checklist-count";
        status.setAttribute("aria-live", "polite");
        function count() {
            var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; });
            status.textContent = (config.tickedLabel || "") + " " + ticked.length;
        }
        search.addEventListener("input", function () {
            var term = fold(search.value.trim());
            rows.forEach(function (row) {
                row.hidden = term !== "" && fold(row.textContent).indexOf(term) === -1;
            });
        });
        // Enter in the search box must not submit the whole form.
        search.addEventListener("keydown", function (event) {
            if (event.key === "Enter") { event.preventDefault(); }
        });
        panel.addEventListener("change", count);
        var list = rows[0].parentNode;
        list.parentNode.insertBefore(search, list);
        list.parentNode.insertBefore(status, list);
        count();
    }

    function fieldOf(box, suffix) {
        var fieldset = box.closest(".kp-map-picker") || box.parentNode;
        while (fieldset && !fieldset.querySelector("input[name$='" + suffix + "']")) {
            fieldset = fieldset.parentNode;
        }
        return fieldset ? fieldset.querySelector("input[name$='" + suffix + "']") : null;
    }

    function parse(input) {
        var value = parseFloat((input.value || "").replace(",", "."));
        return isNaN(value) ? null : value;
    }

    function enhanceMap(box) {
        if (box.dataset.kpReady || typeof window.L === "undefined") { return; }
        var lat = fieldOf(box, "latitude");
        var lng = fieldOf(box, "longitude");
        // The empty template of an inline form has no real inputs yet.
        if (!lat || !lng || /__prefix__/.test(lat.name)) { return; }
        box.dataset.kpReady = "1";
        box.hidden = false;
        var canvas = box.querySelector(".kp-map-picker-canvas");
        var map = window.L.map(canvas, { scrollWheelZoom: false, attributionControl: !!config.tiles });
        if (config.tiles) {
            window.L.tileLayer(config.tiles, { maxZoom: 18, attribution: config.attribution || "" }).addTo(map);
        } else {
            canvas.classList.add("kp-map-picker-canvas--plain");
            window.L.control.scale({ imperial: false }).addTo(map);
        }
        // The other places of this form, as reference points on the plain box.
        var others = [];
        document.querySelectorAll("input[name$='latitude']").forEach(function (other) {
            if (other === lat || /__prefix__/.test(other.name)) { return; }
            var otherLng = document.querySelector("input[name='" + other.name.replace(/latitude$/, "longitude") + "']");
            var point = [parse(other), otherLng ? parse(otherLng) : null];
            if (point[0] === null || point[1] === null) { return; }
            var nameInput = document.querySelector("input[name='" + other.name.replace(/latitude$/, "name") + "']");
            var mark = window.L.circleMarker(point, { radius: 5 }).addTo(map);
            if (nameInput && nameInput.value) { mark.bindTooltip(nameInput.value, { permanent: !config.tiles }); }
            others.push(point);
        });
        var start = parse(lat) !== null && parse(lng) !== null ? [parse(lat), parse(lng)] : null;
        var marker = window.L.marker(start || CENTRE, { draggable: true, keyboard: true,
                                                         title: config.markerLabel || "" });
        if (start) { marker.addTo(map); }
        function put(latlng) {
            lat.value = latlng.lat.toFixed(6);
            lng.value = latlng.lng.toFixed(6);
            lat.dispatchEvent(new Event("change", { bubbles: true }));
            lng.dispatchEvent(new Event("change", { bubbles: true }));
            marker.setLatLng(latlng);
            if (!map.hasLayer(marker)) { marker.addTo(map); }
        }
        map.on("click", function (event) { put(event.latlng); });
        marker.on("dragend", function () { put(marker.getLatLng()); });
        function follow() {
            if (parse(lat) === null || parse(lng) === null) { return; }
            var latlng = window.L.latLng(parse(lat), parse(lng));
            marker.setLatLng(latlng);
            if (!map.hasLayer(marker)) { marker.addTo(map); }
            map.panTo(latlng);
        }
        lat.addEventListener("input", follow);
        lng.addEventListener("input", follow);
        var points = others.concat(start ? [start] : []);
        if (points.length > 1) {
            map.fitBounds(points, { maxZoom: 15, padding: [30, 30] });
        } else {
            map.setView(points[0] || CENTRE, points.length ? 15 : 11);
        }
    }

    function relabelDatePicker(root) {
        root.querySelectorAll(".xdsoft_save_selected").forEach(function (button) {
            if (config.saveSelectedLabel) { button.textContent = config.saveSelectedLabel; }
        });
    }

    function enhance(root) {
        root.querySelectorAll(".kp-checklist").forEach(enhanceChecklist);
        root.querySelectorAll("[data-kp-map-picker]").forEach(enhanceMap);
        relabelDatePicker(root);
    }

    function start() {
        enhance(document);
        // Inline forms added later ("Add location") and date pickers made on demand.
        new MutationObserver(function (changes) {
            changes.forEach(function (change) {
                change.addedNodes.forEach(function (node) {
                    if (node.nodeType === 1) { enhance(node.parentNode || node); }
                });
            });
        }).observe(document.body, { childList: true, subtree: true });
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
