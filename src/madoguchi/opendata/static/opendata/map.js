// Map of a dataset's points (Leaflet). The page works without it: the table lists every place.
(function () {
  "use strict";
  function init(element) {
    if (typeof L === "undefined") { return; }
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false }).setView([35.7005, 139.4625], 14);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: "&copy; OpenStreetMap contributors"
    }).addTo(map);
    fetch(element.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, { radius: 8, color: "#0031d8", weight: 2, fillOpacity: 0.6 });
          },
          onEachFeature: function (feature, marker) {
            var popup = document.createElement("div");
            var title = document.createElement("strong");
            title.textContent = feature.properties._title || "";
            popup.appendChild(title);
            ["所在地_連結表記", "提供エリア", "設置台数", "SSID", "電話番号"].forEach(function (key) {
              if (feature.properties[key] !== undefined) {
                var line = document.createElement("div");
                line.textContent = key + ": " + feature.properties[key];
                popup.appendChild(line);
              }
            });
            marker.bindPopup(popup);
            marker.bindTooltip(feature.properties._title || "");
          }
        }).addTo(map);
        if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [20, 20] }); }
        element.setAttribute("data-points", String(data.features.length));
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-geojson]").forEach(init);
  });
})();
