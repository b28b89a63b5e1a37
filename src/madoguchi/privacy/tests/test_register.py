"""個人情報ファイル簿: generated from the models; a personal field nobody declared fails here."""

import csv
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.privacy import heuristics, registry, services


def test_every_field_that_looks_personal_is_in_the_register():
    """Walks every installed model: a field the heuristics flag (names, kana, addresses, birth
    dates, phone, email, My Number, free text about a person) must be declared."""
    unmarked = services.unmarked_fields()
    assert not unmarked, "\n".join(u.message() for u in unmarked)


def test_declarations_name_real_fields_once():
    assert not services.stale_declarations(), "declared in privacy/registry.py but no such field"
    assert not services.declared_twice(), "a field belongs to one personal-information file"


def test_a_new_personal_field_without_an_entry_is_named_with_where_to_declare_it(monkeypatch):
    trimmed = {k: v for k, v in registry.NOT_PERSONAL.items() if k != "core.Department.phone"}
    monkeypatch.setattr(registry, "NOT_PERSONAL", trimmed)
    files = [
        registry.PersonalFile(
            **{
                **f.__dict__,
                "fields": {
                    k: tuple(n for n in v if (k, n) != ("core.Person", "birth_date"))
                    for k, v in f.fields.items()
                },
            }
        )
        for f in registry.FILES
    ]
    monkeypatch.setattr(registry, "FILES", files)
    messages = [u.message() for u in services.unmarked_fields()]
    assert len(messages) == 2
    assert messages[0].startswith("core.Department.phone looks like personal data (phone)")
    assert messages[1].startswith("core.Person.birth_date looks like personal data (birth_date)")
    assert "src/madoguchi/privacy/registry.py" in messages[0]


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("core.Person.family_name", "name"),
        ("core.Person.given_name_kana", "kana"),
        ("core.Household.address", "address"),
        ("core.Person.birth_date", "birth_date"),
        ("core.Person.phone", "phone"),
        ("core.User.email", "email"),
        ("core.Person.my_number_encrypted", "my_number"),
        ("applications.Application.secret_data", "encrypted"),
        ("participation.Comment.body", "free_text"),
        ("applications.InternalNote.text", "free_text"),
    ],
)
def test_heuristics_flag_each_kind(label, kind):
    model_label, _dot, name = label.rpartition(".")
    model = apps.get_model(model_label)
    assert kind in heuristics.flags(model, model._meta.get_field(name))


def test_free_text_about_no_one_is_not_flagged():
    model = apps.get_model("procedures.Procedure")
    assert heuristics.flags(model, model._meta.get_field("description")) == []


def _csv_rows(*args):
    out = io.StringIO()
    call_command("privacy", "register", *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.mark.django_db
def test_register_csv_lists_every_personal_field_of_every_model():
    DepartmentFactory(code="shimin", name="市民課")
    rows = _csv_rows("--format", "csv")
    listed = {f"{row['model']}.{row['field']}" for row in rows}
    declared = {
        f"{model}.{name}" for f in registry.FILES for model, names in f.fields.items() for name in names
    }
    assert listed == declared
    flagged = {f"{m}.{n}" for m, n, _k in heuristics.flagged_fields()} - set(registry.NOT_PERSONAL)
    assert flagged <= listed
    person_name = next(r for r in rows if (r["model"], r["field"]) == ("core.Person", "family_name"))
    assert person_name["所管課"] == "市民課"
    assert person_name["記録項目"] == "住民: 氏"
    my_number = next(r for r in rows if r["field"] == "my_number_encrypted")
    assert my_number["特定個人情報"] == "あり"


@pytest.mark.django_db
def test_published_part_leaves_out_exempt_files():
    rows = _csv_rows("--public")
    assert rows and all(row["公表"] == "あり" for row in rows)
    assert "staff-accounts" not in {row["file_code"] for row in rows}


@pytest.mark.django_db
def test_register_pages_public_and_internal():
    public = Client().get(reverse("privacy:register"))
    assert public.status_code == 200
    assert "住民記録ファイル" in public.content.decode()
    assert "職員アカウントファイル" not in public.content.decode()
    page = Client().get(reverse("privacy:register_file", args=["resident-records"]))
    body = page.content.decode()
    assert "生年月日" in body and "core.Person" not in body
    assert Client().get(reverse("privacy:register_file", args=["staff-accounts"])).status_code == 404

    assert Client().get(reverse("privacy_staff:register")).status_code == 302  # login first
    staff = Client()
    login_staff(staff, staff_member(DepartmentFactory(), "reception"))
    internal = staff.get(reverse("privacy_staff:register")).content.decode()
    assert "職員アカウントファイル" in internal and "core.Person.birth_date" in internal
    assert "core.Department.phone" in internal  # judged not personal, with the reason
    download = staff.get(reverse("privacy_staff:register_csv"))
    assert download["Content-Type"].startswith("text/csv")
