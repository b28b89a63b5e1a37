"""The backup archive shared by `madoguchi backup` and `madoguchi restore`.

One `.tar.gz` holding:
  manifest.json   format, time, versions, database vendor, applied migrations, audit chain head,
                  and the SHA-256 and size of every other member
  database.sqlite3 | database.pgdump   SQLite backup-API copy, or `pg_dump --format=custom`
  media/…         uploaded files (FileSystemStorage only; object storage is backed up by its bucket)
and beside it `<archive>.sha256` (sha256sum format) for the archive as a whole.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

FORMAT = "madoguchi-backup/1"
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def vendor() -> str:
    if connection.vendor not in DB_MEMBER:
        raise CommandError(f"backup supports SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def media_root() -> Path | None:
    """The local folder holding uploads, or None when uploads live in object storage."""
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        return None
    return Path(settings.MEDIA_ROOT)


def pg_environment() -> tuple[list[str], dict[str, str]]:
    """libpq arguments and environment for pg_dump / pg_restore (the password never on argv)."""
    db = connection.settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    name = connection.settings_dict["NAME"]
    return [*args, "--dbname", str(name)], env


def run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as exc:
        raise CommandError(f"{command[0]} is not installed (Debian: postgresql-client)") from exc
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")
