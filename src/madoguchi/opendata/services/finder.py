"""公衆無線LAN・インターネット端末の場所 (plan 1-エ): where residents can get online, from the
city's own published lists (07 公衆無線LANアクセスポイント一覧, L01 公共インターネット端末設置場所一覧).

"Near me" asks for no location permission: the resident picks their 町, and the places are
ordered by the distance from the middle of that 町, taken from every place with coordinates that
the city publishes in its standard lists (facilities, shelters, AEDs…).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..models import Dataset, DatastoreRow, Resource

WIFI, TERMINALS = "07", "L01"
_CHOME = re.compile(r"[一二三四五六七八九十〇0-9０-９]+丁目$")


@dataclass(frozen=True)
class Spot:
    """One place to get online (接続できる場所)."""

    kind: str  # "wifi" | "terminal"
    name: str
    address: str
    town: str  # 町 (without 丁目)
    latitude: float | None
    longitude: float | None
    opens: str  # "09:00"
    closes: str
    days: str  # 利用可能曜日 (terminals)
    note: str  # 特記事項・備考
    ssid: str = ""
    area: str = ""  # 提供エリア (Wi-Fi)
    terminals: int | None = None
    support: bool = False  # 支援員の配置
    distance_m: int | None = None


def published_rows(standard: str) -> list[dict]:
    """The rows of the newest resource in ``standard`` of every published dataset, in order."""
    rows: list[dict] = []
    for dataset in Dataset.objects.filter(
        state=Dataset.State.PUBLISHED, resources__standard_type=standard
    ).distinct():
        resource = (
            Resource.objects.filter(dataset=dataset, standard_type=standard, datastore_active=True)
            .order_by("-last_modified", "-pk")
            .first()
        )
        if resource is not None:
            rows += (
                DatastoreRow.objects.filter(resource=resource)
                .order_by("number")
                .values_list("data", flat=True)
            )
    return rows


def town_of(row: dict) -> str:
    return _CHOME.sub("", str(row.get("所在地_町字") or "").strip())


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def cell_int(value) -> int | None:
    """A datastore cell as a whole number; None when unreadable (validation reports the cell)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _text(row: dict, key: str) -> str:
    return str(row.get(key) or "").strip()


def _spot(kind: str, row: dict) -> Spot:
    return Spot(
        kind=kind,
        name=_text(row, "名称"),
        address=_text(row, "所在地_連結表記"),
        town=town_of(row),
        latitude=_float(row.get("緯度")),
        longitude=_float(row.get("経度")),
        opens=_text(row, "利用開始時間" if kind == "wifi" else "開始時間"),
        closes=_text(row, "利用終了時間" if kind == "wifi" else "終了時間"),
        days=_text(row, "利用可能曜日"),
        note=" ".join(filter(None, (_text(row, "利用可能日時特記事項"), _text(row, "備考")))),
        ssid=_text(row, "SSID"),
        area=_text(row, "提供エリア"),
        terminals=cell_int(row.get("設置台数")) if kind == "terminal" else None,
        support=_text(row, "支援員の配置") == "有",
    )


def town_centres() -> dict[str, tuple[float, float]]:
    """町 → the mean position of every published place in it (any standard list with coordinates)."""
    points: dict[str, list[tuple[float, float]]] = {}
    resources = Resource.objects.filter(
        dataset__state=Dataset.State.PUBLISHED, datastore_active=True
    ).exclude(standard_type="")
    for row in DatastoreRow.objects.filter(resource__in=resources).values_list("data", flat=True):
        lat, lon, town = _float(row.get("緯度")), _float(row.get("経度")), town_of(row)
        if town and lat is not None and lon is not None:
            points.setdefault(town, []).append((lat, lon))
    return {
        town: (sum(p[0] for p in found) / len(found), sum(p[1] for p in found) / len(found))
        for town, found in sorted(points.items())
    }


def _metres(a: tuple[float, float], b: tuple[float, float]) -> int:
    """Great-circle distance (haversine), rounded to the metre."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return round(2 * 6_371_000 * math.asin(math.sqrt(h)))


def connection_spots(*, kind: str = "", town: str = "") -> list[Spot]:
    """Every Wi-Fi spot and internet terminal the city publishes (``kind`` narrows to one), ordered
    by distance from the middle of ``town`` when one is given and known, else by name."""
    spots = [
        _spot(code, row)
        for code, standard in (("wifi", WIFI), ("terminal", TERMINALS))
        if kind in ("", code)
        for row in published_rows(standard)
        if _text(row, "名称")
    ]
    centre = town_centres().get(town) if town else None
    if centre is None:
        return sorted(spots, key=lambda s: (s.kind, s.name))
    placed = [
        Spot(**{**s.__dict__, "distance_m": _metres(centre, (s.latitude, s.longitude))})
        if s.latitude is not None and s.longitude is not None
        else s
        for s in spots
    ]
    return sorted(placed, key=lambda s: (s.distance_m is None, s.distance_m or 0, s.name))
