"""Where classes and support sessions are held: the facilities the city publishes (opendata's
公共施設一覧), so a venue is the same place everywhere on the platform."""

from __future__ import annotations

from madoguchi.opendata import services as opendata


def places() -> list[opendata.Facility]:
    return opendata.public_facilities()


def place(facility_id: str) -> opendata.Facility | None:
    return next((f for f in places() if f.id == facility_id), None)
