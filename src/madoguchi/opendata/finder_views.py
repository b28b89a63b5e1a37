"""The finder of public Wi-Fi and internet terminals (plan 1-エ): a list that works without
JavaScript or location permission, and the same places as GeoJSON for the map."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from madoguchi.core.furigana import city_code
from madoguchi.core.japanese.furigana import reading

from . import services

KINDS = {"wifi", "terminal"}


def _choice(request) -> tuple[str, str, dict]:
    centres = services.town_centres()
    kind = request.GET.get("kind", "")
    town = request.GET.get("town", "")
    return (kind if kind in KINDS else ""), (town if town in centres else ""), centres


@require_GET
def connect(request):
    kind, town, centres = _choice(request)
    spots = services.connection_spots(kind=kind, town=town)
    asked_town = request.GET.get("town", "")
    return render(
        request,
        "opendata/connect.html",
        {
            "spots": spots,
            "towns": sorted(centres, key=lambda name: reading(name, city_code())),  # あいうえお順
            "kind": kind,
            "town": town,
            "unknown_town": bool(asked_town) and not town,
            "geojson_url": reverse("opendata:connect_geojson") + (f"?kind={kind}" if kind else ""),
            "crumbs": [
                (_("オープンデータ"), reverse("opendata:index")),
                (_("公衆無線LAN・インターネット端末の場所"), ""),
            ],
        },
    )


@require_GET
def connect_geojson(request):
    kind, _town, _centres = _choice(request)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [spot.longitude, spot.latitude]},
            "properties": {
                "_title": spot.name,
                "所在地_連結表記": spot.address,
                **({"SSID": spot.ssid, "提供エリア": spot.area} if spot.kind == "wifi" else {}),
                **({"設置台数": spot.terminals} if spot.terminals is not None else {}),
            },
        }
        for spot in services.connection_spots(kind=kind)
        if spot.latitude is not None and spot.longitude is not None
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        json_dumps_params={"ensure_ascii": False},
        content_type="application/geo+json",
    )
