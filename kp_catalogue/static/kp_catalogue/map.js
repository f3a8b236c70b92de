/* Turns the map placeholder into a Leaflet map fed by the GeoJSON endpoint. Without
   JavaScript (or without Leaflet) the list of places below stays the whole content. */
(function () {
    "use strict";
    function escapeHtml(text) {
        var div = document.createElement("div");
        div.textContent = text || "";
        return div.innerHTML;
    }
    function init() {
        var element = document.getElementById("catalogue-map");
        if (!element || typeof window.L === "undefined") { return; }
        element.hidden = false;
        var map = window.L.map(element, { scrollWheelZoom: false }).setView([49.47, 17.97], 11);
        if (element.dataset.tiles) {
            window.L.tileLayer(element.dataset.tiles, {
                maxZoom: 18, attribution: escapeHtml(element.dataset.attribution)
            }).addTo(map);
        }
        fetch(element.dataset.geojson, { headers: { "Accept": "application/geo+json" } })
            .then(function (response) { return response.json(); })
            .then(function (data) {
                var layer = window.L.geoJSON(data, {
                    onEachFeature: function (feature, marker) {
                        var p = feature.properties;
                        marker.bindPopup('<a href="' + encodeURI(p.url) + '">' + escapeHtml(p.name) +
                            "</a><br>" + escapeHtml(p.provider) + "<br>" + escapeHtml(p.address));
                    }
                }).addTo(map);
                if (data.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 14, padding: [20, 20] }); }
            });
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
