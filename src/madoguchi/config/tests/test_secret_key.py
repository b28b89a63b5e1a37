"""No secret is a constant in the source: without SECRET_KEY the demo makes one in var/, the
payment sandbox has its own, and production refuses a generated key."""

import json
import os
import stat
import subprocess
import sys
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils.crypto import salted_hmac

from madoguchi.core.keyfile import stable_secret

DEMO_SECRET_KEY = "madoguchi-demo-secret-key-not-for-production"
PROBE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "from madoguchi.delivery.payments.sandbox import webhook_secret; "
    "print(json.dumps([settings.SECRET_KEY, webhook_secret()]))"
)


def test_the_key_file_is_made_once_private_and_reused(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = stable_secret(path)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stable_secret(path) == first
    assert os.listdir(path.parent) == ["secret_key"]  # no temporary file left behind


def test_processes_starting_at_once_agree_on_one_key(tmp_path):
    path = tmp_path / "secret_key"
    barrier = threading.Barrier(8)
    keys = []

    def start():
        barrier.wait(timeout=10)
        keys.append(stable_secret(path))

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(keys) == 8 and len(set(keys)) == 1
    assert path.read_text().strip() == keys[0]


def _start(var_dir) -> list[str]:
    """A fresh process of the demo without SECRET_KEY: (SECRET_KEY, sandbox webhook secret)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "MADOGUCHI_PAYMENT_SANDBOX_SECRET", "MADOGUCHI_SANDBOX_WEBHOOK_SECRET"}
    }
    env.update({"MADOGUCHI_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "madoguchi.config.settings"})
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_demo_makes_its_keys_in_var_and_keeps_them(tmp_path):
    var_dir = tmp_path / "var"
    secret_key, webhook = _start(var_dir)
    assert secret_key != DEMO_SECRET_KEY and len(secret_key) >= 50
    assert (var_dir / "secret_key").read_text().strip() == secret_key
    assert (var_dir / "payment-sandbox-secret").read_text().strip() == webhook
    assert webhook != secret_key
    for name in ("secret_key", "payment-sandbox-secret"):
        assert stat.S_IMODE((var_dir / name).stat().st_mode) == 0o600
    assert _start(var_dir) == [secret_key, webhook]  # a restart keeps sessions and links valid
    assert _start(tmp_path / "other")[0] != secret_key  # another installation, another key


@pytest.mark.django_db
def test_a_webhook_signed_with_the_old_public_demo_key_is_rejected(settings, tmp_path):
    from madoguchi.delivery.payments.base import WebhookRejected
    from madoguchi.delivery.payments.sandbox import SandboxProvider, sign, webhook_secret

    # Even a demo still running on the published key: the sandbox secret does not come from it.
    settings.SECRET_KEY = DEMO_SECRET_KEY
    settings.MADOGUCHI_SANDBOX_WEBHOOK_SECRET = ""
    settings.VAR_DIR = tmp_path
    old_secret = salted_hmac("madoguchi.sandbox.webhook", "secret", secret=DEMO_SECRET_KEY).hexdigest()
    assert webhook_secret() != old_secret
    body = json.dumps(
        {
            "id": "evt_forged",
            "type": "payment.succeeded",
            "created": 0,
            "data": {"session_id": "cs_x", "merchant_reference": "FEE-1", "amount": 300},
        }
    ).encode()
    with pytest.raises(WebhookRejected) as refused:
        SandboxProvider().verify_webhook(body, {"Sandbox-Signature": sign(body, secret=old_secret)})
    assert refused.value.code == "bad_signature"
    assert SandboxProvider().verify_webhook(body, {"Sandbox-Signature": sign(body)}).id == "evt_forged"


@pytest.mark.django_db
def test_production_refuses_a_generated_key(settings):
    from cryptography.fernet import Fernet

    settings.MADOGUCHI_ENV = "production"
    settings.SECRET_KEY = settings.MADOGUCHI_GENERATED_SECRET_KEY = "g" * 64  # long, but made here
    settings.MADOGUCHI_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(SystemCheckError, match="madoguchi.E003"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


@pytest.mark.django_db
def test_demo_data_stored_under_the_old_demo_key_stays_readable_and_findable(settings):
    from madoguchi.core import crypto
    from madoguchi.core.models import Person
    from madoguchi.core.mynumber import find_by_my_number, set_my_number
    from madoguchi.core.tests.factories import PersonFactory

    settings.MADOGUCHI_FIELD_KEYS = []
    settings.SECRET_KEY = DEMO_SECRET_KEY  # a var/ from before the key was generated
    person = PersonFactory()
    set_my_number(person, "123456789018", by=None)

    settings.SECRET_KEY = "n" * 64  # the generated key, from the next start on
    stored = Person.objects.get(pk=person.pk)
    assert stored.my_number_encrypted == "123456789018"
    assert find_by_my_number("123456789018") == stored
    # New writes use the new key only.
    assert crypto.fernet().decrypt(crypto.encrypt("x").encode()) == b"x"
    new_key = crypto.field_keys()[0]
    settings.SECRET_KEY = DEMO_SECRET_KEY
    assert new_key not in crypto.field_keys()
