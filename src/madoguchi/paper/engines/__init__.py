"""Pluggable OCR engines (Tesseract by default; a vendor AI-OCR can be registered instead).

engines.register(MyVendorEngine())        # code "vendor"
MADOGUCHI_OCR_ENGINE = "vendor"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from django.conf import settings

from madoguchi.core.registry import Registry

from ..fields import FieldKind, normalise, validate


@dataclass(frozen=True)
class Reading:
    value: str
    confidence: float  # 0–1
    chars: tuple[float, ...] = ()  # per-character confidence (0–1) where the engine gives them


class OcrEngine(Protocol):
    code: str

    def read(self, image: np.ndarray, kind: FieldKind) -> Reading: ...


engines: Registry[OcrEngine] = Registry("OCR engine")


def register(engine_: OcrEngine) -> OcrEngine:
    return engines.register(engine_)


def engine() -> OcrEngine:
    if not engines.codes():
        from . import tesseract  # noqa: F401  (registers itself)
    return engines.get(getattr(settings, "MADOGUCHI_OCR_ENGINE", "tesseract"))


# A reading that is not a well-formed value for its kind is doubtful whatever the engine says.
INVALID_FACTOR = 0.5


def _finish(reading: Reading, kind: FieldKind) -> Reading:
    value = normalise(kind, reading.value)
    confidence = reading.confidence
    if value and validate(kind, value) is not None:
        confidence *= INVALID_FACTOR
    return Reading(value=value, confidence=round(min(max(confidence, 0.0), 1.0), 3), chars=reading.chars)


def read_field(image: np.ndarray, kind: FieldKind | str) -> Reading:
    """Read one field's crop and normalise it to the value an Application stores."""
    kind = FieldKind(kind)
    return _finish(engine().read(image, kind), kind)


def read_fields(items: list[tuple[np.ndarray, FieldKind]]) -> list[Reading]:
    """Read the fields of a page together (engines with ``read_many`` batch them)."""
    current = engine()
    kinds = [FieldKind(kind) for _image, kind in items]
    many = getattr(current, "read_many", None)
    raw = (
        many(items)
        if many
        else [current.read(image, kind) for (image, _k), kind in zip(items, kinds, strict=True)]
    )
    return [_finish(reading, kind) for reading, kind in zip(raw, kinds, strict=True)]


__all__ = ["OcrEngine", "Reading", "engine", "engines", "read_field", "read_fields", "register"]
