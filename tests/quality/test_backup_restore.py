"""`madoguchi backup` / `madoguchi restore`: a round trip into an empty database, after which
`madoguchi audit verify` passes. SQLite in the normal suite, PostgreSQL under the postgres mark."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from madoguchi.core.events import record_event
from madoguchi.core.models import AuditEntry, Person
from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
MADOGUCHI = str(Path(sys.executable).parent / "madoguchi")


@pytest.fixture
def city_with_history(settings):
    MunicipalityFactory()
    people = PersonFactory.create_batch(3)
    for person in people:
        record_event(person, verb="profile_viewed", data={"why": "backup test"})
    upload = Path(settings.MEDIA_ROOT) / "attachments" / "2026" / "住民票.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 test upload\n")
    return people


def madoguchi(*args, database_url: str, var_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "MADOGUCHI_VAR_DIR": str(var_dir)}
    return subprocess.run([MADOGUCHI, *args], env=env, capture_output=True, text=True, timeout=600)


def backup(tmp_path) -> Path:
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", out=str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert archive.exists() and Path(f"{archive}.sha256").exists()
    return archive


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite round trip")
def test_sqlite_round_trip_keeps_data_media_and_the_audit_chain(city_with_history, tmp_path):
    archive = backup(tmp_path)
    target, var_dir = tmp_path / "restored.sqlite3", tmp_path / "var2"
    # One process (Django starts slowly): restore, then a fresh connection runs `audit verify`.
    restored = madoguchi(
        "shell",
        "-c",
        "from django.core.management import call_command; from django.db import connection\n"
        f"call_command('restore', {str(archive)!r}); connection.close(); call_command('audit', 'verify')",
        database_url=f"sqlite:///{target}",
        var_dir=var_dir,
    )
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.count("audit chain ok") == 2, restored.stdout
    with sqlite3.connect(target) as db:
        assert db.execute("select count(*) from core_person").fetchone()[0] == Person.objects.count()
        assert db.execute("select count(*) from core_auditentry").fetchone()[0] == AuditEntry.objects.count()
    assert (var_dir / "media/attachments/2026/住民票.pdf").read_bytes() == b"%PDF-1.4 test upload\n"


def test_restore_refuses_a_database_that_is_not_empty(city_with_history, tmp_path):
    archive = backup(tmp_path)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def test_restore_refuses_a_damaged_archive(city_with_history, tmp_path):
    archive = backup(tmp_path)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(archive))


@pytest.mark.postgres
def test_postgresql_round_trip_keeps_data_and_the_audit_chain(city_with_history, tmp_path):
    archive = backup(tmp_path)
    name = f"restore_{uuid.uuid4().hex[:10]}"
    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        url = f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"
        restored = madoguchi("restore", str(archive), database_url=url, var_dir=tmp_path / "var2")
        assert restored.returncode == 0, restored.stderr
        verified = madoguchi("audit", "verify", database_url=url, var_dir=tmp_path / "var2")
        assert verified.returncode == 0, verified.stderr
        assert f"{AuditEntry.objects.count()} entries" in verified.stdout
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
