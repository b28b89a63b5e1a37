"""`madoguchi backup --out FILE`: the database and uploaded files in one checked archive."""

from __future__ import annotations

import json
import sqlite3
import tarfile
import tempfile
from pathlib import Path

import django
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from madoguchi.core.models import AuditHead

from ._archive import DB_MEMBER, FORMAT, MANIFEST, media_root, pg_environment, run, sha256_file, vendor


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump custom format; SQLite: the backup API) and the "
        "uploaded files into one .tar.gz with a manifest of SHA-256 checksums, plus FILE.sha256."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="archive to write, e.g. backup-20260401.tar.gz")
        parser.add_argument("--no-media", action="store_true", help="database only")

    def handle(self, *args, out, no_media, **options):
        out_path = Path(out).resolve()
        if out_path.exists():
            raise CommandError(f"{out_path} exists; choose a new file name")
        kind = vendor()
        with tempfile.TemporaryDirectory(prefix="madoguchi-backup-") as work:
            work_dir = Path(work)
            db_file = work_dir / DB_MEMBER[kind]
            if kind == "sqlite":
                connection.ensure_connection()
                target = sqlite3.connect(db_file)
                try:
                    connection.connection.backup(target)  # consistent snapshot, also while in use
                finally:
                    target.close()
            else:
                libpq, env = pg_environment()
                run(
                    [
                        "pg_dump",
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        "--file",
                        str(db_file),
                        *libpq,
                    ],
                    env,
                )

            members: dict[str, Path] = {DB_MEMBER[kind]: db_file}
            root = None if no_media else media_root()
            if root is not None and root.is_dir():
                for path in sorted(p for p in root.rglob("*") if p.is_file()):
                    members[f"media/{path.relative_to(root).as_posix()}"] = path

            head = AuditHead.objects.filter(pk=1).first()
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "django": django.get_version(),
                "database": {"vendor": kind, "file": DB_MEMBER[kind]},
                "migrations": self.latest_migrations(),
                "audit_head": {"seq": head.seq, "hash": head.hash} if head else {"seq": 0, "hash": ""},
                "media": "included"
                if root is not None and not no_media
                else ("skipped" if no_media else "object storage"),
                "files": {
                    name: {"sha256": sha256_file(path), "size": path.stat().st_size}
                    for name, path in members.items()
                },
            }
            manifest_file = work_dir / MANIFEST
            manifest_file.write_text(json.dumps(manifest, ensure_ascii=False, indent=2))

            out_path.parent.mkdir(parents=True, exist_ok=True)
            partial = out_path.with_name(out_path.name + ".partial")
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(manifest_file, arcname=MANIFEST)
                for name, path in members.items():
                    archive.add(path, arcname=name)
            partial.rename(out_path)
        checksum = sha256_file(out_path)
        Path(f"{out_path}.sha256").write_text(f"{checksum}  {out_path.name}\n")
        media_count = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written: {out_path} ({kind}, {media_count} media files, "
                f"audit chain at entry {manifest['audit_head']['seq']}, sha256 {checksum[:16]}…)"
            )
        )

    @staticmethod
    def latest_migrations() -> dict[str, str]:
        latest: dict[str, str] = {}
        for app, name in MigrationRecorder(connection).applied_migrations():
            latest[app] = max(latest.get(app, ""), name)
        return dict(sorted(latest.items()))
