"""`madoguchi plan load [FILE]` and the demo loader: idempotent, and a city can load its own plan."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.pdca.demo import load as load_demo
from madoguchi.pdca.models import Indicator, IndicatorValue, Initiative, Plan, Review

pytestmark = pytest.mark.django_db


def test_a_city_loads_its_own_plan(tmp_path, plan_data):
    plan_data["plan"].update(
        name="架空市デジタル計画", municipality_code="999999", period_start_fy=2025, period_end_fy=2027
    )
    plan_data["initiatives"] = plan_data["initiatives"][:2]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_data, ensure_ascii=False), encoding="utf-8")
    call_command("plan", "load", str(path))
    call_command("plan", "load", str(path))
    assert Plan.current().name == "架空市デジタル計画"
    assert Initiative.objects.count() == 2


def test_a_missing_plan_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="計画ファイルを読み込めません"):
        call_command("plan", "load", str(tmp_path / "none.json"))


def test_demo_loader_is_idempotent(plan):
    lines = []
    load_demo(lines.append)
    counts = (IndicatorValue.objects.count(), Review.objects.count(), Indicator.objects.count())
    load_demo(lines.append)
    assert (IndicatorValue.objects.count(), Review.objects.count(), Indicator.objects.count()) == counts
    assert lines[-1].endswith("新規 0 件")


def test_staff_of_another_department_cannot_enter_values(client, plan, class_count):
    other = staff_member(DepartmentFactory(code="kenko"), "sysadmin", username="kenko-admin")
    login_staff(client, other)
    assert client.get(reverse("pdca:staff_indicator", args=[class_count.pk])).status_code == 403


def test_evidence_file_upload(client, plan, class_count, digital_staff):
    login_staff(client, digital_staff)
    client.post(
        reverse("pdca:staff_indicator", args=[class_count.pk]),
        {
            "fiscal_year": 2024,
            "value": "7",
            "evidence_file": SimpleUploadedFile("r6.csv", b"kai,7\n", "text/csv"),
        },
    )
    entry = IndicatorValue.objects.get()
    assert entry.has_evidence and not entry.is_public
