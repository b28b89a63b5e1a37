"""`madoguchi restore FILE`: bring a `madoguchi backup` archive back into an empty database."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ._archive import FORMAT, MANIFEST, media_root, pg_environment, run, sha256_file, vendor


class Command(BaseCommand):
    help = (
        "Restore a `madoguchi backup` archive into an EMPTY database (create it first; run no "
        "migrations) and the media folder; checks every checksum first and the audit chain after."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--skip-media", action="store_true", help="restore the database only")

    def handle(self, *args, archive, skip_media, **options):
        archive_path = Path(archive).resolve()
        if not archive_path.is_file():
            raise CommandError(f"{archive_path}: no such file")
        sidecar = Path(f"{archive_path}.sha256")
        if sidecar.exists():
            expected = sidecar.read_text().split()[0]
            if sha256_file(archive_path) != expected:
                raise CommandError(
                    f"{archive_path}: checksum does not match {sidecar.name}; the archive is damaged"
                )
        kind = vendor()
        if tables := connection.introspection.table_names():
            raise CommandError(
                f"the target database is not empty ({len(tables)} tables, e.g. {tables[0]}); "
                "restore only into a newly created, empty database"
            )
        with tempfile.TemporaryDirectory(prefix="madoguchi-restore-") as work:
            work_dir = Path(work)
            with tarfile.open(archive_path, "r:gz") as tar:
                tar.extractall(work_dir, filter="data")  # refuses absolute paths, .., links out
            manifest = self.checked_manifest(work_dir)
            if manifest["database"]["vendor"] != kind:
                raise CommandError(
                    f"the archive holds a {manifest['database']['vendor']} database; this installation uses {kind}"
                )
            db_file = work_dir / manifest["database"]["file"]
            if kind == "sqlite":
                connection.ensure_connection()
                source = sqlite3.connect(db_file)
                try:
                    source.backup(connection.connection)
                finally:
                    source.close()
            else:
                libpq, env = pg_environment()
                run(
                    ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *libpq, str(db_file)],
                    env,
                )
            connection.close()  # the next query sees the restored schema
            restored_media = 0 if skip_media else self.restore_media(work_dir, manifest)
        call_command("audit", "verify", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {archive_path.name} ({kind}, {restored_media} media files, "
                f"audit chain at entry {manifest['audit_head']['seq']} when backed up)"
            )
        )

    @staticmethod
    def checked_manifest(work_dir: Path) -> dict:
        manifest_file = work_dir / MANIFEST
        if not manifest_file.is_file():
            raise CommandError("not a madoguchi backup: manifest.json is missing")
        manifest = json.loads(manifest_file.read_text())
        if manifest.get("format") != FORMAT:
            raise CommandError(f"unknown backup format {manifest.get('format')!r} (expected {FORMAT})")
        for name, meta in manifest["files"].items():
            path = work_dir / name
            if not path.is_file():
                raise CommandError(f"{name} is listed in the manifest but missing from the archive")
            if sha256_file(path) != meta["sha256"]:
                raise CommandError(f"{name}: checksum does not match the manifest; the archive is damaged")
        return manifest

    @staticmethod
    def restore_media(work_dir: Path, manifest: dict) -> int:
        names = [name for name in manifest["files"] if name.startswith("media/")]
        if not names:
            return 0
        root = media_root()
        if root is None:
            raise CommandError(
                "uploads live in object storage here; restore the media with --skip-media and the bucket's own tools"
            )
        for name in names:
            target = root / name.removeprefix("media/")
            if target.exists() and sha256_file(target) != manifest["files"][name]["sha256"]:
                raise CommandError(
                    f"{target} exists with different content; restore into an empty media folder"
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work_dir / name, target)
        return len(names)
