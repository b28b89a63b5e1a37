"""The exchange adapter of the resident registry interface (`core.residents`, code "exchange"):
what the core system (住民記録システム) delivered in the standard files, as last taken in; for a
resident it has no row for, the demo tables (core Person and Household)."""

from __future__ import annotations

import datetime

from django.db.models import Q

from madoguchi.core import residents
from madoguchi.core.japanese import to_fullwidth_katakana
from madoguchi.core.models import Person

from ..models import RegistryAddressChange, RegistryEntitlement, RegistryHousehold, RegistryPerson

RESIDENT = RegistryPerson.Status.RESIDENT


def _row_of(person: Person) -> RegistryPerson | None:
    return RegistryPerson.objects.filter(person=person).order_by("-updated_at").first()


def _record(row: RegistryPerson, person: Person | None) -> residents.ResidentRecord:
    return residents.ResidentRecord(
        pk=row.person_id,
        family_name=row.family_name,
        given_name=row.given_name,
        family_name_kana=row.family_name_kana,
        given_name_kana=row.given_name_kana,
        birth_date=row.birth_date,
        gender=row.gender,
        relationship=row.relationship,
        postal_code=row.postal_code,
        address=row.address,
        phone=person.phone if person else "",
        email=person.email if person else "",
        household_number=row.household_number,
        card_holder=row.card_holder,
    )


class ExchangeRegistry:
    code = "exchange"

    def __init__(self):
        self.fallback = residents.DemoRegistry()

    def resident(self, person: Person) -> residents.ResidentRecord:
        row = _row_of(person)
        return _record(row, person) if row else self.fallback.resident(person)

    def household(self, person: Person) -> residents.HouseholdRecord | None:
        row = _row_of(person)
        if row is None or not row.household_number:
            return self.fallback.household(person)
        members = RegistryPerson.objects.filter(
            household_number=row.household_number, status=RESIDENT
        ).select_related("person")
        ordered = sorted(members, key=lambda m: (m.person_id != person.pk, m.atena))  # the filer first
        records = [_record(m, m.person) for m in ordered]
        household = RegistryHousehold.objects.filter(number=row.household_number).first()
        return residents.HouseholdRecord(
            number=row.household_number,
            postal_code=household.postal_code if household else row.postal_code,
            address=household.address if household else row.address,
            members=tuple(records),
        )

    def find(self, *, name_kana: str, birth_date=None, limit: int = 20) -> list[Person]:
        found = {p.pk: p for p in self.fallback.find(name_kana=name_kana, birth_date=birth_date, limit=limit)}
        rows = RegistryPerson.objects.filter(person__isnull=False).select_related(
            "person", "person__household"
        )
        for part in to_fullwidth_katakana(name_kana).replace("\u3000", " ").split():
            rows = rows.filter(Q(family_name_kana__contains=part) | Q(given_name_kana__contains=part))
        if birth_date:
            rows = rows.filter(birth_date=birth_date)
        for row in rows[:limit]:
            if row.person is not None:
                found.setdefault(row.person.pk, row.person)
        return list(found.values())[:limit]

    def address_history(self, person: Person) -> list[residents.AddressChange]:
        row = _row_of(person)
        if row is None:
            return self.fallback.address_history(person)
        return [
            residents.AddressChange(
                on=c.changed_on, reason=c.reason, postal_code=c.postal_code, address=c.address
            )
            for c in RegistryAddressChange.objects.filter(atena=row.atena).order_by("changed_on", "pk")
        ]

    def entitlements(self, person: Person) -> list[residents.Entitlement]:
        row = _row_of(person)
        if row is None:
            return []
        return [_entitlement(e) for e in RegistryEntitlement.objects.filter(atena=row.atena)]

    def entitled(self, kind: str):
        people = dict(
            RegistryPerson.objects.filter(person__isnull=False, status=RESIDENT).values_list(
                "atena", "person_id"
            )
        )
        rows = RegistryEntitlement.objects.filter(kind=kind, atena__in=list(people))
        persons = Person.objects.in_bulk([people[r.atena] for r in rows])
        for right in rows:
            person = persons.get(people[right.atena])
            if person is not None:
                yield person, _entitlement(right)

    def heads_with_children(self, today: datetime.date) -> list[Person]:
        known = set(RegistryPerson.objects.filter(person__isnull=False).values_list("person_id", flat=True))
        heads = [p for p in self.fallback.heads_with_children(today) if p.pk not in known]
        children = RegistryPerson.objects.filter(relationship="子", status=RESIDENT)
        with_children = {
            c.household_number
            for c in children
            if c.household_number and (_age(c.birth_date, today) or 99) < 18
        }
        for row in RegistryPerson.objects.filter(
            relationship="世帯主", status=RESIDENT, household_number__in=with_children, person__isnull=False
        ).select_related("person"):
            if row.person is not None:
                heads.append(row.person)
        return heads


def _age(born: datetime.date | None, today: datetime.date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _entitlement(row: RegistryEntitlement) -> residents.Entitlement:
    return residents.Entitlement(
        kind=row.kind, valid_from=row.valid_from, valid_until=row.valid_until, detail=row.detail
    )


def register() -> None:
    if "exchange" not in residents.registries:
        residents.registries.register(ExchangeRegistry())
