"""The city's public facilities as it publishes them (自治体標準オープンデータセット「公共施設一覧」,
standard 01): what other apps offer as places (the learning app's class venues)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Dataset, DatastoreRow, Resource

PUBLIC_FACILITIES = "01"


@dataclass(frozen=True)
class Facility:
    id: str  # the list's ID column (e.g. 132144010002)
    name: str
    address: str
    latitude: str = ""
    longitude: str = ""


def public_facilities() -> list[Facility]:
    """The rows of the newest published 公共施設一覧 resource, in the list's order (empty when the
    city has not published one)."""
    resource = (
        Resource.objects.filter(
            standard_type=PUBLIC_FACILITIES,
            datastore_active=True,
            dataset__state=Dataset.State.PUBLISHED,
        )
        .order_by("-last_modified", "-pk")
        .first()
    )
    if resource is None:
        return []
    facilities = []
    for row in (
        DatastoreRow.objects.filter(resource=resource).order_by("number").values_list("data", flat=True)
    ):
        name = str(row.get("名称") or "").strip()
        if not name:
            continue
        facilities.append(
            Facility(
                id=str(row.get("ID") or name).strip(),
                name=name,
                address=str(row.get("所在地_連結表記") or "").strip(),
                latitude=str(row.get("緯度") or ""),
                longitude=str(row.get("経度") or ""),
            )
        )
    return facilities
