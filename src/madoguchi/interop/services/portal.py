"""What the national portal (マイナポータル・ぴったりサービス) delivers, as this app reads it: the
`PortalApplication` an intake adapter returns, the adapter registry, and the file-drop adapter for
the archive ぴったりサービス delivers (its layout is assumed: docs/interop.md)."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from typing import Protocol
from xml.etree import ElementTree  # noqa: S405  (parsed with defusedxml-like limits below)

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from madoguchi.core.registry import Registry

MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 2000


class ArchiveError(ValueError):
    """The file is not an archive this adapter reads (the message says why)."""


@dataclass
class PortalFile:
    portal_kind: str
    name: str
    content: bytes


@dataclass
class PortalApplication:
    """One application as the portal delivered it: its number, procedure, fields and files."""

    number: str
    portal_code: str
    portal_name: str = ""
    submitted_at: datetime.datetime | None = None
    fields: dict[str, str] = field(default_factory=dict)
    files: list[PortalFile] = field(default_factory=list)


class IntakeAdapter(Protocol):
    code: str

    def read(self, name: str, content: bytes) -> list[PortalApplication]: ...


intake_adapters: Registry[IntakeAdapter] = Registry("portal intake adapter")


# --- the file-drop adapter: the archive ぴったりサービス delivers -----------------------------------


def _text(element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _when(value: str) -> datetime.datetime | None:
    value = value.strip()
    if not value:
        return None
    moment = parse_datetime(value.replace("/", "-"))
    if moment is None:
        try:
            day = datetime.date.fromisoformat(value.replace("/", "-"))
        except ValueError:
            return None
        moment = datetime.datetime(day.year, day.month, day.day, 9)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_fixed_timezone(9 * 60))
    return moment


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name: zips made on Japanese Windows store names in CP932 without the UTF-8 flag
    (Python reads them as CP437)."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("cp932")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


class PittariArchive:
    """A zip of application data files (XML, or CSV with one row per application) and the attached
    files they name. See docs/interop.md for the layout assumed."""

    code = "pittari-archive"

    def read(self, name: str, content: bytes) -> list[PortalApplication]:
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
        except zipfile.BadZipFile:
            raise ArchiveError(_("ZIP形式のファイルではありません。")) from None
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_MEMBERS or any(info.file_size > MAX_MEMBER_BYTES for info in members):
            raise ArchiveError(_("アーカイブが大きすぎます。"))
        files = {_member_name(info): info for info in members}

        def read_member(path: str) -> bytes | None:
            info = files.get(path.lstrip("/"))
            return archive.read(info) if info is not None else None

        found: list[PortalApplication] = []
        for path in sorted(files):
            lower = path.lower()
            if "/" in path.strip("/") and not path.startswith("申請データ/"):
                continue  # attachments live in their own folder
            if lower.endswith(".xml"):
                found.extend(self._xml(read_member(path) or b"", read_member))
            elif lower.endswith(".csv"):
                found.extend(self._csv(read_member(path) or b"", read_member))
        if not found:
            raise ArchiveError(_("申請データ（XMLまたはCSV）が見つかりません。"))
        return found

    def _xml(self, raw: bytes, read_member) -> list[PortalApplication]:
        if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
            raise ArchiveError(_("申請データに使えない宣言（DOCTYPE）が含まれています。"))
        try:
            root = ElementTree.fromstring(raw)  # noqa: S314  (no DOCTYPE/ENTITY: checked above)
        except ElementTree.ParseError as error:
            raise ArchiveError(_("申請データ（XML）を読めません: %(error)s") % {"error": error}) from None
        found = []
        for item in [root] if root.tag == "申請" else root.iter("申請"):
            application = PortalApplication(
                number=_text(item, "申請番号"),
                portal_code=_text(item, "手続ID"),
                portal_name=_text(item, "手続名"),
                submitted_at=_when(_text(item, "申請日時")),
            )
            for element in item.iter("項目"):
                name = (element.get("名") or "").strip()
                if name:
                    application.fields[name] = (element.text or "").strip()
            for element in item.iter("添付"):
                path = element.get("ファイル") or ""
                data = read_member(path)
                application.files.append(
                    PortalFile(
                        portal_kind=(element.get("種類") or "").strip(),
                        name=path.rsplit("/", 1)[-1] or "file",
                        content=data if data is not None else b"",
                    )
                )
            if application.number:
                found.append(application)
        return found

    def _csv(self, raw: bytes, read_member) -> list[PortalApplication]:
        text = raw.decode("utf-8-sig", errors="replace")
        found = []
        for row in csv.DictReader(io.StringIO(text)):
            row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
            number = row.pop("申請番号", "")
            if not number:
                continue
            application = PortalApplication(
                number=number,
                portal_code=row.pop("手続ID", ""),
                portal_name=row.pop("手続名", ""),
                submitted_at=_when(row.pop("申請日時", "")),
            )
            for entry in filter(None, row.pop("添付ファイル", "").split(";")):
                kind, _sep, path = entry.partition(":")
                data = read_member(path.strip())
                application.files.append(
                    PortalFile(
                        kind.strip(), path.strip().rsplit("/", 1)[-1], data if data is not None else b""
                    )
                )
            application.fields = {k: v for k, v in row.items() if k}
            found.append(application)
        return found


intake_adapters.register(PittariArchive())


def current_adapter() -> IntakeAdapter:
    return intake_adapters.get(getattr(settings, "MADOGUCHI_PORTAL_INTAKE", "pittari-archive"))
