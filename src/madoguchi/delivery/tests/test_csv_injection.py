"""The reconciliation CSV that staff download never hands a spreadsheet a formula (issue 14, item 5)."""

import csv
import io

import pytest
from django.utils import timezone

from madoguchi.delivery import services
from madoguchi.delivery.models import Payment

from .test_payments import _paid

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ['=1+HYPERLINK("https://evil.example")', "-2+cmd|' /C calc'!A0", "@SUM(1)"])
def test_procedure_name_is_text_and_amounts_stay_numbers(resident, bosai, name):
    payment = services.create_payment(
        amount=300,
        procedure_code="risai-shomei",
        procedure_name=name,
        timing=Payment.Timing.BEFORE_SUBMIT,
        person=resident,
        department=bosai,
    )
    _paid(payment)
    rows = list(csv.reader(io.StringIO(services.reconciliation_csv(timezone.localdate()).lstrip("\ufeff"))))
    (row,) = [r for r in rows if r[1] == "risai-shomei"]
    assert row[2] == "'" + name
    assert row[3:] == ["1", "300", "0", "0", "300"]
