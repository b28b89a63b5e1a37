"""The resident registry (住民記録) exchange: a standard-layout file updates the core system's rows,
lists conflicts with this system's records, and prefill reads the imported address through the
adapter — while the Person changes only when staff confirm."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from madoguchi.applications import services as applications
from madoguchi.core import residents
from madoguchi.core.japanese import fiscal_year
from madoguchi.core.models import Event, Person, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.interop import services
from madoguchi.interop.models import Conflict, RegistryHousehold, RegistryPerson
from madoguchi.pdca.metrics import metrics

from .factories import csv_bytes, family, genkyo

pytestmark = pytest.mark.django_db

PERSONS = services.LAYOUTS["persons"]
HOUSEHOLDS = services.LAYOUTS["households"]
CHANGES = services.LAYOUTS["address_changes"]
NEW_ADDRESS = "東京都国分寺市泉町三丁目5番8号"


@pytest.fixture
def procedure():
    return genkyo()


@pytest.fixture
def people(procedure):
    return family()


@pytest.fixture
def registry_staff(procedure):
    shimin = DepartmentFactory(code="shimin")
    return staff_member(shimin, StaffRole.Role.REVIEW, username="shimin-shinsa")


def persons_file(moved=True):
    address, postal = (NEW_ADDRESS, "1850024") if moved else ("東京都国分寺市本町二丁目1番1号", "1850012")
    return csv_bytes(
        PERSONS,
        [
            [
                "000101",
                "12345678901",
                "H-000123",
                "窓口",
                "花子",
                "ﾏﾄﾞｸﾞﾁ",
                "ﾊﾅｺ",
                "19880615",
                "2",
                "世帯主",
                postal,
                address,
                "1",
                "1",
            ],
            [
                "000102",
                "12345678902",
                "H-000123",
                "窓口",
                "一郎",
                "マドグチ",
                "イチロウ",
                "20190402",
                "1",
                "子",
                postal,
                address,
                "1",
                "0",
            ],
            [
                "000103",
                "12345678903",
                "H-000123",
                "窓口",
                "次郎",
                "マドグチ",
                "ジロウ",
                "20250110",
                "1",
                "子",
                postal,
                address,
                "1",
                "",
            ],
        ],
    )


def households_file():
    return csv_bytes(HOUSEHOLDS, [["H-000123", "000101", "185-0024", NEW_ADDRESS]])


def test_a_standard_file_updates_persons_and_households_and_lists_conflicts(people, registry_staff):
    parent, child = people
    households = services.import_file("households.csv", households_file(), by=registry_staff)
    assert households.file.layout == "households" and households.file.updated == 1
    result = services.import_file("persons.csv", persons_file(), by=registry_staff)
    assert (result.file.layout, result.file.rows, result.file.updated) == ("persons", 3, 3)
    row = RegistryPerson.objects.get(atena="000101")
    assert (row.person, row.address, row.postal_code, row.family_name_kana) == (
        parent,
        NEW_ADDRESS,
        "185-0024",
        "マドグチ",
    )
    assert RegistryPerson.objects.get(atena="000102").person == child
    assert RegistryHousehold.objects.get(number="H-000123").address == NEW_ADDRESS
    listed = {
        (c.registry_person and c.registry_person.atena, c.household_id is not None, c.field)
        for c in Conflict.objects.all()
    }
    assert listed == {
        (None, True, "address"),
        (None, True, "postal_code"),
        ("000101", False, "address"),
        ("000101", False, "postal_code"),
        ("000102", False, "address"),
        ("000102", False, "postal_code"),
        ("000103", False, ""),  # born after our copy was made: in the register, not in this system
    }
    # nothing written back
    parent.refresh_from_db()
    assert parent.address == "東京都国分寺市本町二丁目1番1号"
    # importing the same file again lists nothing twice
    services.import_file("persons.csv", persons_file(), by=registry_staff)
    assert Conflict.objects.count() == 7


def test_prefill_shows_the_imported_address_through_the_adapter(procedure, people, registry_staff, settings):
    parent, _child = people
    services.import_file("persons.csv", persons_file(), by=registry_staff)
    version = procedure.current_version
    settings.MADOGUCHI_RESIDENT_REGISTRY = "demo"
    assert applications.prefill_from_person(version, parent)["recipient"]["address"] == parent.address
    settings.MADOGUCHI_RESIDENT_REGISTRY = "exchange"
    prefilled = applications.prefill_from_person(version, parent)["recipient"]
    assert (prefilled["address"], prefilled["postal_code"]) == (NEW_ADDRESS, "185-0024")
    draft = applications.start_application(procedure, applicant=parent, by=None)
    assert draft.data["recipient"]["address"] == NEW_ADDRESS
    household = residents.household(parent)  # the household as the register has it
    assert (household.address, [m.full_name for m in household.members]) == (
        NEW_ADDRESS,
        ["窓口\u3000花子", "窓口\u3000一郎", "窓口\u3000次郎"],
    )
    assert Person.objects.get(pk=parent.pk).address != NEW_ADDRESS  # still unconfirmed


def test_staff_confirm_a_conflict_and_the_person_changes_with_an_event(people, registry_staff):
    parent, _child = people
    services.import_file("persons.csv", persons_file(), by=registry_staff)
    conflict = Conflict.objects.get(registry_person__atena="000101", field="address")
    services.apply_conflict(conflict.pk, by=registry_staff)
    parent.refresh_from_db()
    assert parent.address == NEW_ADDRESS
    assert Event.objects.filter(verb="person_changed", subject_id=str(parent.pk)).exists()
    conflict.refresh_from_db()
    assert conflict.state == Conflict.State.APPLIED and conflict.decided_by == registry_staff
    # a file that agrees with our record now: the old postal-code conflict stays until decided
    services.dismiss_conflict(
        Conflict.objects.get(registry_person__atena="000101", field="postal_code"), by=registry_staff
    )
    assert not Conflict.objects.filter(registry_person__atena="000101", state=Conflict.State.OPEN).exists()


def test_someone_without_the_permission_changes_nothing(people, registry_staff):
    from django.core.exceptions import PermissionDenied

    services.import_file("persons.csv", persons_file(), by=registry_staff)
    reception = staff_member(DepartmentFactory(code="shimin"), StaffRole.Role.RECEPTION, username="uketsuke")
    conflict = Conflict.objects.get(registry_person__atena="000101", field="address")
    with pytest.raises(PermissionDenied):
        services.apply_conflict(conflict.pk, by=reception)
    with pytest.raises(PermissionDenied):
        services.import_file("persons.csv", persons_file(), by=reception)
    conflict.refresh_from_db()
    assert conflict.state == Conflict.State.OPEN


def test_address_history_entitlements_and_the_push_rule_read_the_register(
    procedure, people, registry_staff, settings
):
    parent, _child = people
    settings.MADOGUCHI_RESIDENT_REGISTRY = "exchange"
    services.import_file("persons.csv", persons_file(), by=registry_staff)
    services.import_file(
        "changes.csv",
        csv_bytes(
            CHANGES,
            [
                [
                    "000101",
                    "2024-04-01",
                    "転入",
                    "185-0012",
                    "東京都国分寺市本町二丁目1番1号",
                    "東京都府中市宮西町2-24",
                ],
                ["000101", "20261101", "転居", "185-0024", NEW_ADDRESS, "東京都国分寺市本町二丁目1番1号"],
            ],
        ),
        by=registry_staff,
    )
    history = residents.address_history(parent)
    assert [(h.reason, h.address) for h in history] == [
        ("転入", "東京都国分寺市本町二丁目1番1号"),
        ("転居", NEW_ADDRESS),
    ]
    end = datetime.date(2026, 12, 20)
    services.import_file(
        "entitlements.csv",
        csv_bytes(
            services.LAYOUTS["entitlements"],
            [["000101", residents.CARE_CERTIFICATION, "2025-12-21", end.isoformat(), "要介護1"]],
        ),
        by=registry_staff,
    )
    assert residents.entitlements(parent)[0].valid_until == end
    from madoguchi.applications.push import CertificationEnding

    candidates = list(CertificationEnding().candidates(procedure, datetime.date(2026, 11, 1)))
    assert [(c.person, c.deadline) for c in candidates] == [(parent, end)]
    # the counter finds residents through the same adapter
    assert residents.find(name_kana="マドグチ ハナコ") == [parent]


def test_the_scheduled_sync_takes_households_before_persons_and_moves_the_files(people, tmp_path, settings):
    settings.MADOGUCHI_REGISTRY_INBOX = str(tmp_path)
    (tmp_path / "a-persons.csv").write_bytes(persons_file())
    (tmp_path / "b-households.csv").write_bytes(households_file())
    from madoguchi.interop.tasks import sync_registry

    assert sync_registry() == 2
    assert sorted(p.name for p in (tmp_path / "done").iterdir()) == ["a-persons.csv", "b-households.csv"]
    assert RegistryPerson.objects.count() == 3


def test_the_conflict_report_page_and_the_export(client, people, registry_staff):
    services.import_file("persons.csv", persons_file(), by=registry_staff)
    login_staff(client, registry_staff)
    page = client.get(reverse("interop_staff:registry")).content.decode()
    assert NEW_ADDRESS in page and "000103" in page
    conflict = Conflict.objects.get(registry_person__atena="000102", field="address")
    client.post(reverse("interop_staff:conflict"), {"conflict": conflict.pk, "action": "apply"})
    assert Person.objects.get(pk=conflict.person_id).address == NEW_ADDRESS
    export = client.get(reverse("interop_staff:export") + "?layout=persons")
    text = export.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(PERSONS)
    assert "000101" in text
    assert client.get(reverse("interop_staff:export") + "?layout=nothing").status_code == 404


def test_a_file_of_no_known_layout_is_refused(registry_staff):
    with pytest.raises(services.LayoutError):
        services.import_file("x.csv", b"a,b\n1,2\n", by=registry_staff)


def test_card_holders_by_age_band_from_the_register(people, registry_staff):
    services.import_file("persons.csv", persons_file(), by=registry_staff)
    holders = metrics.get("mynumber-issuance-rate")
    year = fiscal_year(timezone.localdate())  # the registry's card column is today's state
    assert holders.value(year) == 50.0  # 000103 has no card information: not counted
    assert holders.breakdown(year, None) == {"0–14": 0.0, "30–39": 100.0}
    assert [r.label for r in holders.drill(year, None)] == ["0–14: 0.0%", "30–39: 100.0%"]
    # An earlier year is not in the registry's snapshot: the published figure, none here.
    assert holders.value(year - 1) is None and holders.breakdown(year - 1, None) == {}


def test_the_counter_prepares_forms_from_the_register(procedure, people, registry_staff, settings):
    from madoguchi.counter import services as counter

    parent, _child = people
    settings.MADOGUCHI_RESIDENT_REGISTRY = "exchange"
    services.import_file("persons.csv", persons_file(), by=registry_staff)
    counter_staff = staff_member(procedure.department, StaffRole.Role.RECEPTION, username="madoguchi")
    assert counter.find_residents(by=counter_staff, name_kana="マドグチ", birth_date=parent.birth_date) == [
        parent
    ]
    data = counter.prepare_form_data(procedure, parent)
    assert data["recipient"]["address"] == NEW_ADDRESS
    assert [row["full_name"] for row in data["status"]["list"]] == [
        "窓口\u3000花子",
        "窓口\u3000一郎",
        "窓口\u3000次郎",
    ]
