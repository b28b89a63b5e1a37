"""On PostgreSQL: two submits racing with one Idempotency-Key create exactly one application."""

import threading

import pytest
from django.db import connection

from madoguchi.applications.models import Application
from madoguchi.applications.services import submit_application
from madoguchi.core.models import Event
from madoguchi.identity.testing import resident_user

from .conftest import genkyo_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_submits_with_one_key_make_one_application(genkyo, resident):
    user = resident_user(resident)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(
                submit_application(
                    genkyo,
                    applicant=resident,
                    data=genkyo_data(),
                    channel="online",
                    by=user,
                    idempotency_key="same-key",
                ).pk
            )
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert len(results) == 2 and results[0] == results[1]
    assert Application.objects.count() == 1
    assert Event.objects.filter(verb="submitted").count() == 1
