"""Receipt numbers (受付番号): gap-free per 年度, the same format on every path. On PostgreSQL a new
application and its number are written by one statement (services.common.save_numbered)."""

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from madoguchi.applications.models import Application, ReceiptCounter
from madoguchi.applications.services import next_receipt_number, submit_application
from madoguchi.identity.testing import resident_user

from .conftest import genkyo_data

JST = datetime.timezone(datetime.timedelta(hours=9))
RECEIVED = datetime.datetime(2026, 5, 8, 10, 0, tzinfo=JST)  # 令和8年度


def _submit(procedure, resident, key=None, user=None):
    return submit_application(
        procedure,
        applicant=resident,
        data=genkyo_data(),
        channel="online",
        by=user or resident_user(resident),
        idempotency_key=key,
        received_at=RECEIVED,
    )


@pytest.mark.django_db
def test_numbers_follow_on_from_the_years_first(genkyo, resident):
    assert not ReceiptCounter.objects.exists()
    numbers = [_submit(genkyo, resident).receipt_number for _ in range(3)]
    assert numbers == ["R8-000001", "R8-000002", "R8-000003"]
    assert next_receipt_number(RECEIVED) == "R8-000004"  # the paper path shares the counter
    assert _submit(genkyo, resident).receipt_number == "R8-000005"
    stored = Application.objects.order_by("pk").values_list("receipt_number", flat=True)
    assert list(stored) == ["R8-000001", "R8-000002", "R8-000003", "R8-000005"]


@pytest.mark.django_db
def test_past_a_million_the_number_grows_a_digit(genkyo, resident):
    ReceiptCounter.objects.create(fiscal_year=2026, last=999_998)
    assert _submit(genkyo, resident).receipt_number == "R8-999999"
    assert _submit(genkyo, resident).receipt_number == "R8-1000000"
    assert next_receipt_number(RECEIVED) == "R8-1000001"


@pytest.mark.django_db
def test_a_refused_repeat_leaves_no_gap(genkyo, resident):
    first = _submit(genkyo, resident, key="k")
    again = _submit(genkyo, resident, key="k")  # the key is taken: its INSERT is rolled back
    assert again.pk == first.pk and again.was_repeated
    assert _submit(genkyo, resident).receipt_number == "R8-000002"


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_the_number_and_the_row_are_one_statement(genkyo, resident):
    _submit(genkyo, resident)  # the year's counter exists
    with CaptureQueriesContext(connection) as captured:
        application = _submit(genkyo, resident)
    counter = [q["sql"] for q in captured.captured_queries if "applications_receiptcounter" in q["sql"]]
    assert len(counter) == 1 and 'INSERT INTO "applications_application"' in counter[0]
    assert (
        Application.objects.get(pk=application.pk).receipt_number == application.receipt_number == "R8-000002"
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_get_consecutive_numbers(genkyo, resident):
    barrier, numbers, errors = threading.Barrier(6), [], []
    user = resident_user(resident)

    def submit():
        try:
            barrier.wait(timeout=10)
            numbers.append(_submit(genkyo, resident, user=user).receipt_number)
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]  # the first also opens the year
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(numbers) == [f"R8-{n:06d}" for n in range(1, 7)]
    assert ReceiptCounter.objects.get(fiscal_year=2026).last == 6
