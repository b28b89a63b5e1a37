"""暗号鍵の更新: the background job re-encrypts every stored 個人番号 (residents', then
applications'), shows its progress, and a killed job continues where it stopped."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from madoguchi.applications.models import Application
from madoguchi.applications.tests.factories import ApplicationFactory
from madoguchi.core import crypto
from madoguchi.core.events import events_for
from madoguchi.core.models import Person
from madoguchi.core.tests.factories import PersonFactory
from madoguchi.privacy import services
from madoguchi.privacy.events import Verb
from madoguchi.privacy.models import KeyRotation

pytestmark = pytest.mark.django_db
NUMBER = "123456789018"


@pytest.fixture
def stored():
    people = [PersonFactory(my_number_encrypted=NUMBER) for _ in range(5)]
    applications = [ApplicationFactory(secret_data='{"a": "123456789018"}') for _ in range(3)]
    PersonFactory()  # without a number: nothing to do
    return people, applications


def new_key_only(settings):
    old = crypto.field_keys()[0]
    new = Fernet.generate_key().decode()
    settings.MADOGUCHI_FIELD_KEYS = [new, old]
    return lambda: setattr(settings, "MADOGUCHI_FIELD_KEYS", [new])


def test_rotation_reencrypts_everything_and_reports_progress(stored, settings, capsys):
    drop_old_key = new_key_only(settings)
    call_command("privacy", "rotate-keys")
    job = KeyRotation.objects.get()
    assert (job.status, job.done, job.total, job.percent) == (KeyRotation.Status.DONE, 8, 8, 100)
    assert [e.verb for e in events_for(job)] == [Verb.KEY_ROTATION_STARTED, Verb.KEY_ROTATION_COMPLETED]
    drop_old_key()
    people, applications = stored
    assert {Person.objects.get(pk=p.pk).my_number_encrypted for p in people} == {NUMBER}
    assert {Application.objects.get(pk=a.pk).secret_data for a in applications} == {'{"a": "123456789018"}'}
    call_command("privacy", "rotate-keys", "--status")
    assert "8/8 (100%)" in capsys.readouterr().out


def test_a_killed_job_continues_after_its_last_batch(stored, settings, monkeypatch):
    drop_old_key = new_key_only(settings)
    job = services.start_rotation()
    assert services.rotate_batch(job, size=2)
    real_save = Person.save

    def killed(self, *args, **kwargs):
        raise SystemExit("kill -9")

    monkeypatch.setattr(Person, "save", killed)
    with pytest.raises(SystemExit):
        services.rotate_batch(job, size=2)
    job.refresh_from_db()
    assert (job.stage, job.done) == (KeyRotation.Stage.PERSONS, 2)  # the killed batch left no trace

    monkeypatch.setattr(Person, "save", real_save)
    again = services.start_rotation()
    assert again.pk == job.pk  # continued, not restarted
    finished = services.run_rotation(again, size=2)
    assert (finished.status, finished.done) == (KeyRotation.Status.DONE, 8)
    drop_old_key()
    assert {p.my_number_encrypted for p in Person.objects.exclude(my_number_encrypted="")} == {NUMBER}
