"""The BPR inventory: every catalog procedure is put in it with its legal basis and the documents
the city could fetch itself; decisions with dates; progress counts what still applies on a day;
the staff page and the CSV show the same."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from madoguchi.automation import services
from madoguchi.automation.models import ProcedureReview, Requirement
from madoguchi.core.models import Event, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.procedures.tests.factories import bundled_procedure, demo_departments

from .factories import procedure_review

pytestmark = pytest.mark.django_db

K, D = Requirement.Kind, Requirement.Decision


@pytest.fixture
def catalog():
    departments = demo_departments()
    for code in ("hoiku-nintei", "kaigo-nintei-tennyu", "tenshutsu"):
        bundled_procedure(code)
    return departments


def test_inventory_takes_the_catalog_with_the_documents_the_city_could_fetch(catalog):
    made = services.take_inventory()
    assert sorted(r.procedure_code for r in made) == ["hoiku-nintei", "kaigo-nintei-tennyu", "tenshutsu"]
    hoiku = ProcedureReview.objects.get(procedure_code="hoiku-nintei")
    assert hoiku.department.code == "hoiku"
    assert hoiku.legal_basis.startswith("子ども・子育て支援法第20条")
    assert [r.label for r in hoiku.requirements.all()] == [
        "課税（非課税）証明書（1月1日時点で市外に住所があった方で、公簿で確認できない場合）"
    ]
    assert [
        r.label[:7]
        for r in ProcedureReview.objects.get(procedure_code="kaigo-nintei-tennyu").requirements.all()
    ] == ["受給資格証明書"]
    assert not ProcedureReview.objects.get(procedure_code="tenshutsu").requirements.exists()
    assert Event.objects.filter(verb="procedure_inventoried").count() == 3
    assert services.take_inventory() == []  # once


def test_staff_take_only_their_departments_procedures(catalog):
    clerk = staff_member(catalog["hoiku"], StaffRole.Role.REVIEW, username="hoiku-bpr")
    assert [r.procedure_code for r in services.take_inventory(by=clerk)] == ["hoiku-nintei"]


def _decide(requirement, decision, decided, effective=None, reason=""):
    return services.record_decision(
        requirement, by=None, decision=decision, reason=reason, decided_on=decided, effective_on=effective
    )


def test_progress_counts_procedures_that_still_demand_each_kind_on_a_day():
    a = procedure_review(code="a", seal="申請書への押印", in_person="窓口での本人確認")
    b = procedure_review(code="b", seal="委任状への押印", paper="領収書の原本")
    c = procedure_review(code="c", attachment="住民票の写し")
    _decide(a.requirements.get(kind=K.SEAL), D.ABOLISH, date(2021, 3, 1), date(2021, 4, 1))
    _decide(b.requirements.get(kind=K.SEAL), D.ABOLISH, date(2021, 3, 1), date(2025, 4, 1))
    _decide(b.requirements.get(kind=K.PAPER), D.KEEP, date(2022, 1, 1), reason="会計規則で原本の確認が必要")
    _decide(c.requirements.get(kind=K.ATTACHMENT), D.ALTERNATIVE, date(2023, 1, 5), date(2023, 4, 1))
    reviews = ProcedureReview.objects.all()

    def figures(on):
        return {
            p.kind: (p.inventoried, p.still_required, p.dropped, p.undecided, p.kept)
            for p in services.progress(reviews, on=on)
        }

    assert figures(date(2024, 4, 1)) == {
        "seal": (2, 1, 1, 0, 0),
        "paper": (1, 1, 0, 0, 1),
        "in_person": (1, 1, 0, 1, 0),
        "attachment": (1, 0, 1, 0, 0),
    }
    assert figures(date(2025, 4, 1))["seal"] == (2, 0, 2, 0, 0)
    assert figures(date(2021, 3, 31))["seal"] == (2, 2, 0, 0, 0)


@pytest.mark.parametrize(
    ("decision", "kwargs", "field", "message"),
    [
        ("later", {}, "decision", "見直しの方針を選んでください"),
        (D.ABOLISH, {}, "decided_on", "方針を決めた日を入力してください"),
        (D.KEEP, {"decided_on": date(2024, 1, 1)}, "reason", "存続とする理由"),
        (
            D.KEEP,
            {"decided_on": date(2024, 1, 1), "reason": "法令", "effective_on": date(2024, 2, 1)},
            "effective_on",
            "廃止または代替手段で対応する場合",
        ),
        (
            D.ABOLISH,
            {"decided_on": date(2024, 1, 1), "effective_on": date(2023, 12, 1)},
            "effective_on",
            "決定日以降",
        ),
    ],
)
def test_a_bad_decision_says_why_and_changes_nothing(decision, kwargs, field, message):
    review = procedure_review(seal="申請書への押印")
    requirement = review.requirements.get()
    with pytest.raises(ValidationError) as caught:
        services.record_decision(requirement, by=None, decision=decision, **kwargs)
    assert message in " ".join(caught.value.message_dict[field])
    requirement.refresh_from_db()
    assert (requirement.decision, requirement.decided_on) == (D.PENDING, None)
    assert not Event.objects.filter(verb="requirement_decided").exists()


def test_another_department_may_not_decide():
    review = procedure_review(seal="申請書への押印")
    outsider = staff_member(DepartmentFactory(), StaffRole.Role.APPROVAL, username="bpr-other")
    with pytest.raises(PermissionDenied):
        _decide_as(outsider, review.requirements.get())
    assert review.requirements.get().decision == D.PENDING


def _decide_as(user, requirement):
    return services.record_decision(requirement, by=user, decision=D.ABOLISH, decided_on=date(2024, 1, 1))


def test_the_page_records_a_decision_and_the_csv_shows_it(client):
    MunicipalityFactory()
    review = procedure_review(code="genkyo-bpr", name="現況届（棚卸し）", seal="申請書への押印")
    clerk = staff_member(review.department, StaffRole.Role.REVIEW, username="bpr-clerk")
    login_staff(client, clerk)
    requirement = review.requirements.get()
    page = client.get("/staff/automation/inventory/genkyo-bpr/")
    assert page.status_code == 200 and "申請書への押印" in page.content.decode()
    bad = client.post(
        "/staff/automation/inventory/genkyo-bpr/",
        {"action": "decide", "requirement": requirement.pk, "decision": "keep", "decided_on": "2024-01-01"},
    )
    assert "存続とする理由" in bad.content.decode()
    done = client.post(
        "/staff/automation/inventory/genkyo-bpr/",
        {
            "action": "decide",
            "requirement": requirement.pk,
            "decision": "abolish",
            "decided_on": "2021-03-01",
            "effective_on": "2021-04-01",
        },
    )
    assert done.status_code == 302
    listing = client.get("/staff/automation/inventory/").content.decode()
    assert "現況届（棚卸し）" in listing
    rows = list(csv.reader(io.StringIO(client.get("/staff/automation/inventory.csv").content.decode())))
    assert rows[0][0] == "手続コード"
    assert rows[1][:2] == ["genkyo-bpr", "現況届（棚卸し）"]
    assert rows[1][7:] == ["廃止", "2021-03-01", "2021-04-01", "いいえ"]


def test_staff_add_a_requirement_and_an_attachment_needs_its_name(client):
    MunicipalityFactory()
    review = procedure_review(code="add-bpr")
    login_staff(client, staff_member(review.department, StaffRole.Role.APPROVAL, username="bpr-chief"))
    bad = client.post(
        "/staff/automation/inventory/add-bpr/",
        {"action": "add", "add-kind": "attachment", "add-basis": "law"},
    )
    assert "添付書類の名称を入力してください" in bad.content.decode()
    assert not review.requirements.exists()
    client.post(
        "/staff/automation/inventory/add-bpr/", {"action": "add", "add-kind": "in_person", "add-basis": "law"}
    )
    assert list(review.requirements.values_list("kind", "basis")) == [("in_person", "law")]


def test_the_inventory_page_speaks_english(client):
    MunicipalityFactory()
    review = procedure_review(code="en-bpr", seal="申請書への押印")
    login_staff(client, staff_member(review.department, StaffRole.Role.REVIEW, username="bpr-en"))
    html = client.get("/staff/automation/inventory/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Procedure inventory" in html and "Procedures that still require it" in html
