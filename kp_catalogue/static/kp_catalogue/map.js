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
        var map = window.L.map(element, { scrollWheelZoom: false, maxZoom: 18 }).setView([49.47, 17.97], 11);
        if (element.dataset.tiles) {
            window.L.tileLayer(element.dataset.tiles, {
                maxZoom: 18, attribution: escapeHtml(element.dataset.attribution)
            }).addTo(map);
        }
        // The base layer needs no tile server: the area's municipality outlines, from a local file.
        if (element.dataset.outlines) {
            fetch(element.dataset.outlines)
                .then(function (response) { return response.json(); })
                .then(function (data) {
                    window.L.geoJSON(data, {
                        style: { color: "#083b69", weight: 2, fillColor: "#dfe8f2", fillOpacity: 0.6 },
                        interactive: false,
                        onEachFeature: function (feature, layer) {
                            layer.bindTooltip(escapeHtml(feature.properties.name),
                                { permanent: true, direction: "center", className: "map-outline-label", pane: "shadowPane" });
                        }
                    }).addTo(map).bringToBack();
                });
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
                });
                // Dense places (several services in one building) cluster when the plugin loaded.
                var group = typeof window.L.markerClusterGroup === "function"
                    ? window.L.markerClusterGroup({ showCoverageOnHover: false }) : window.L.featureGroup();
                group.addLayer(layer);
                // Zoom first, without animation, then draw: the clusters are built once for the
                // final zoom instead of being animated from the starting view (no flicker).
                if (data.features.length) {
                    map.fitBounds(layer.getBounds(), { maxZoom: 14, padding: [20, 20], animate: false });
                }
                group.addTo(map);
                element.setAttribute("data-places", String(data.features.length));
            });
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
