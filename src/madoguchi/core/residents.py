"""The resident registry (住民記録) behind one interface: what the city's core system knows about a
resident — the person, the household, the address history and entitlements (児童手当の受給,
要介護認定の有効期間) — read the same way by prefill, the push-type rules and the counter.

    record = residents.resident(person)        # ResidentRecord: names, birth date, address…
    household = residents.household(person)    # HouseholdRecord with its members, or None

The adapter is chosen in settings (`MADOGUCHI_RESIDENT_REGISTRY`): "demo" (this module) reads the
demo tables (core Person and Household); "exchange" (interop) reads what the core system delivered
in the standard data requirements' files (標準仕様書), falling back to the demo tables for a resident
it has no row for. No adapter writes: a change reaches a Person only through staff confirmation
(`core.people.change_person`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Q

from .japanese import to_fullwidth_katakana
from .models import Person
from .registry import Registry

# Entitlement kinds the interface names (the core systems that know them: 児童手当, 介護保険).
CHILD_ALLOWANCE = "jidou-teate"  # 児童手当の受給
CARE_CERTIFICATION = "kaigo-nintei"  # 要介護・要支援認定（有効期間）


@dataclass(frozen=True)
class ResidentRecord:
    """One resident as the registry knows them. `pk` is the Person this record is for."""

    pk: int | None
    family_name: str = ""
    given_name: str = ""
    family_name_kana: str = ""
    given_name_kana: str = ""
    birth_date: datetime.date | None = None
    gender: int = 0
    relationship: str = ""
    postal_code: str = ""
    address: str = ""
    phone: str = ""  # contact details are the resident's own (not registry data): from the Person
    email: str = ""
    household_number: str = ""
    card_holder: bool | None = None  # マイナンバーカードの交付（None: the registry does not say)

    @property
    def full_name(self) -> str:
        return f"{self.family_name}\u3000{self.given_name}"

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana}\u3000{self.given_name_kana}".strip()

    def age_on(self, day) -> int | None:
        if not self.birth_date:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class HouseholdRecord:
    number: str
    postal_code: str = ""
    address: str = ""
    members: tuple[ResidentRecord, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class AddressChange:
    """One entry of the address history (住所の異動): when, why (転入・転居・転出…), where to."""

    on: datetime.date | None
    reason: str
    postal_code: str
    address: str


@dataclass(frozen=True)
class Entitlement:
    kind: str  # CHILD_ALLOWANCE, CARE_CERTIFICATION, …
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    detail: str = ""

    def valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class ResidentRegistry(Protocol):
    code: str

    def resident(self, person: Person) -> ResidentRecord: ...

    def household(self, person: Person) -> HouseholdRecord | None: ...

    def find(self, *, name_kana: str, birth_date=None, limit: int = 20) -> list[Person]: ...

    def address_history(self, person: Person) -> list[AddressChange]: ...

    def entitlements(self, person: Person) -> list[Entitlement]: ...

    def entitled(self, kind: str) -> Iterable[tuple[Person, Entitlement]]: ...

    def heads_with_children(self, today: datetime.date) -> list[Person]: ...


registries: Registry[ResidentRegistry] = Registry("resident registry")


def record_of(person: Person, **overrides) -> ResidentRecord:
    """The demo tables' view of one Person."""
    values: dict[str, Any] = {
        "pk": person.pk,
        "family_name": person.family_name,
        "given_name": person.given_name,
        "family_name_kana": person.family_name_kana,
        "given_name_kana": person.given_name_kana,
        "birth_date": person.birth_date,
        "gender": person.gender,
        "relationship": person.relationship,
        "postal_code": person.postal_code,
        "address": person.address,
        "phone": person.phone,
        "email": person.email,
        "household_number": person.household.number if person.household is not None else "",
    }
    values.update(overrides)
    return ResidentRecord(**values)


class DemoRegistry:
    """The demo city's register: the core Person and Household tables. It holds no entitlements
    (the demo city's are its decided applications, which the push-type rules read themselves)."""

    code = "demo"

    def resident(self, person: Person) -> ResidentRecord:
        return record_of(person)

    def household(self, person: Person) -> HouseholdRecord | None:
        household = person.household if person.household_id else None
        if household is None:
            return None
        members = sorted(household.members.all(), key=lambda m: (m.pk != person.pk, m.pk))
        return HouseholdRecord(
            number=household.number,
            postal_code=household.postal_code,
            address=household.address,
            members=tuple(record_of(m) for m in members),
        )

    def find(self, *, name_kana: str, birth_date=None, limit: int = 20) -> list[Person]:
        people = Person.objects.select_related("household")
        for part in to_fullwidth_katakana(name_kana).replace("\u3000", " ").split():
            people = people.filter(Q(family_name_kana__contains=part) | Q(given_name_kana__contains=part))
        if birth_date:
            people = people.filter(birth_date=birth_date)
        return list(people[:limit])

    def address_history(self, person: Person) -> list[AddressChange]:
        if not person.address:
            return []
        return [AddressChange(on=None, reason="", postal_code=person.postal_code, address=person.address)]

    def entitlements(self, person: Person) -> list[Entitlement]:
        return []

    def entitled(self, kind: str) -> Iterable[tuple[Person, Entitlement]]:
        return []

    def heads_with_children(self, today: datetime.date) -> list[Person]:
        heads = []
        for head in Person.objects.filter(relationship="世帯主", household__isnull=False).select_related(
            "household"
        ):
            if head.household is not None and any(
                (m.age_on(today) or 99) < 18 for m in head.household.members.filter(relationship="子")
            ):
                heads.append(head)
        return heads


registries.register(DemoRegistry())


def current() -> ResidentRegistry:
    """The adapter the settings name (`MADOGUCHI_RESIDENT_REGISTRY`, default "demo")."""
    return registries.get(getattr(settings, "MADOGUCHI_RESIDENT_REGISTRY", "demo"))


def resident(person: Person) -> ResidentRecord:
    return current().resident(person)


def household(person: Person) -> HouseholdRecord | None:
    return current().household(person)


def find(*, name_kana: str, birth_date=None, limit: int = 20) -> list[Person]:
    return current().find(name_kana=name_kana, birth_date=birth_date, limit=limit)


def address_history(person: Person) -> list[AddressChange]:
    return current().address_history(person)


def entitlements(person: Person) -> list[Entitlement]:
    return current().entitlements(person)


def entitled(kind: str) -> list[tuple[Person, Entitlement]]:
    return list(current().entitled(kind))


def heads_with_children(today: datetime.date) -> list[Person]:
    return current().heads_with_children(today)
