"""Attachment checks: the type is read from the content (libmagic), never trusted from the name.

Per-procedure limits come from `Procedure.required_attachments` (mime_types, max_size_mb);
images and PDF are the default.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import magic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_TYPES = ["application/pdf", "image/jpeg", "image/png"]
DEFAULT_MAX_MB = 10
EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg", ".jpe"},
    "image/png": {".png"},
    "image/heic": {".heic"},
    "image/gif": {".gif"},
    "image/tiff": {".tif", ".tiff"},
}
TYPE_LABELS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/heic": "HEIC"}


@dataclass
class CheckedFile:
    kind: str
    upload: object  # an UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def check_attachment(procedure, kind: str, upload) -> CheckedFile:
    """Raise ValidationError (keyed by `attachment-<kind>`) if the file may not be attached."""
    field = f"attachment-{kind}"
    spec = procedure.attachment_spec(kind)
    if spec is None:
        raise ValidationError({field: [_("この手続では受け付けていない書類の種類です。")]})
    allowed = spec.get("mime_types") or DEFAULT_TYPES
    max_bytes = int(float(spec.get("max_size_mb") or DEFAULT_MAX_MB) * 1024 * 1024)
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
    size = upload.size
    if size == 0:
        raise ValidationError({field: [_("「%(name)s」は空のファイルです。") % {"name": name}]})
    if size > max_bytes:
        raise ValidationError(
            {
                field: [
                    _("「%(name)s」は大きすぎます。%(limit)sMB以下のファイルにしてください。")
                    % {"name": name, "limit": spec.get("max_size_mb") or DEFAULT_MAX_MB}
                ]
            }
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    sniffed = magic.from_buffer(head, mime=True)
    labels = "・".join(TYPE_LABELS.get(t, t) for t in allowed)
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if sniffed not in allowed or (extension and extension not in EXTENSIONS.get(sniffed, {extension})):
        raise ValidationError(
            {
                field: [
                    _("「%(name)s」は受け付けられない形式です。%(types)sのファイルを添付してください。")
                    % {"name": name, "types": labels}
                ]
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        kind=kind, upload=upload, name=name, content_type=sniffed, size=size, sha256=digest.hexdigest()
    )


def check_attachments(procedure, attachments) -> list[CheckedFile]:
    """`attachments`: iterable of (kind, UploadedFile). All errors are collected before raising."""
    checked, errors = [], {}
    for kind, upload in attachments:
        try:
            checked.append(check_attachment(procedure, kind, upload))
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return checked
