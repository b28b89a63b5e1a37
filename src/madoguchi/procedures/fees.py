"""The city's fee ordinance (手数料条例) as data, and what a certificate request costs.

`data/fee-ordinance.json` lists each certificate's unit fee (1通あたり) and the exemptions the
ordinance allows; a certificate procedure names its fee item in its ui_schema
(`{"certificate": {"fee_item": "juminhyo-utsushi", "copies": "request.copies"}}`) and the fee is
copies × unit fee. The catalog's `Procedure.fee` is the unit fee, filled from the ordinance when
the procedure is loaded, so the ordinance is the one place a fee changes.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language

ORDINANCE_FILE = Path(__file__).resolve().parent / "data" / "fee-ordinance.json"
EXEMPTION_CLAIMED = "生活保護を受けている（保護の手続に使う）"  # the form's answer that claims one


@dataclass(frozen=True)
class FeeItem:
    code: str
    name: str
    name_en: str
    unit_fee: int
    per: str
    article: str
    electronic: bool  # may be issued as a signed PDF (電子交付)

    def localized_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Exemption:
    code: str
    name: str
    name_en: str
    article: str

    def localized_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


@dataclass(frozen=True)
class FeeQuote:
    """What one request owes: `copies` × `unit_fee` = `total` (0 when an exemption is claimed)."""

    item: FeeItem
    copies: int
    total: int
    exemption_claimed: bool = False

    @property
    def gross(self) -> int:
        return self.item.unit_fee * self.copies


@functools.cache
def _ordinance() -> dict:
    return json.loads(ORDINANCE_FILE.read_text(encoding="utf-8"))


def fee_schedule() -> list[FeeItem]:
    """The ordinance's certificate fees, in its order."""
    return [FeeItem(**item) for item in _ordinance()["items"]]


def fee_item(code: str) -> FeeItem:
    """One fee item; KeyError for a code the ordinance does not have."""
    for item in fee_schedule():
        if item.code == code:
            return item
    raise KeyError(code)


def exemptions() -> list[Exemption]:
    return [Exemption(**e) for e in _ordinance()["exemptions"]]


def exemption(code: str) -> Exemption:
    for e in exemptions():
        if e.code == code:
            return e
    raise KeyError(code)


def certificate_spec(version) -> dict:
    """A form version's certificate settings ({} for procedures that are not certificate requests)."""
    return dict(((getattr(version, "ui_schema", None) or {}).get("certificate")) or {})


def _lookup(data: dict, path: str):
    value = data or {}
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def fee_quote(version, data: dict) -> FeeQuote | None:
    """The fee an answered certificate request owes (None when the form is no certificate request).

    Copies not given yet count as one, so the step before payment can already show the fee.
    """
    spec = certificate_spec(version)
    if not spec.get("fee_item"):
        return None
    item = fee_item(spec["fee_item"])
    copies = _lookup(data, spec.get("copies", "request.copies"))
    copies = copies if isinstance(copies, int) and not isinstance(copies, bool) and copies > 0 else 1
    claimed = _lookup(data, "receiving.exemption") == EXEMPTION_CLAIMED
    return FeeQuote(
        item=item, copies=copies, total=0 if claimed else item.unit_fee * copies, exemption_claimed=claimed
    )


def may_issue_electronically(version) -> bool:
    spec = certificate_spec(version)
    return bool(spec.get("fee_item")) and fee_item(spec["fee_item"]).electronic
