"""What the applications services share: receipt numbers, the actor, notices after commit, files.

Used by the other modules of this package only (not in `__all__`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from madoguchi.core.japanese import fiscal_year, receipt_prefix
from madoguchi.core.models import Notification, User
from madoguchi.core.notifications import compose, notify
from madoguchi.core.prepared import PreparedInsert, statement_cursor
from madoguchi.procedures.services import FormDataError, is_required

from ..attachments import CheckedFile
from ..models import Application, Attachment, ReceiptCounter
from ..signals import application_state_changed

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def next_receipt_number(when=None) -> str:
    """R7-000123: unique per city and 年度, gap-free; one UPDATE … RETURNING holds the row lock."""
    fy = fiscal_year(when or timezone.now())
    table = connection.ops.quote_name(ReceiptCounter._meta.db_table)
    while True:
        with statement_cursor(connection) as cursor:
            cursor.execute(f"UPDATE {table} SET last = last + 1 WHERE fiscal_year = %s RETURNING last", [fy])  # noqa: S608
            row = cursor.fetchone()
        if row is not None:
            return f"{receipt_prefix(fy)}-{row[0]:06d}"
        _open_year(fy)


def save_numbered(application: Application, when) -> Application:
    """A new application written with the year's next receipt number (受付番号, as
    `next_receipt_number` gives it). On PostgreSQL one statement moves the counter and inserts the
    row, one round trip fewer on every submit (ADR 0007); the counter stays locked to the commit."""
    if connection.vendor == "postgresql":
        application.receipt_number = ""  # the statement's
        values = _INSERT.prepare(application, connection)
        if values is not None:
            return _insert_numbered(application, values, fiscal_year(when))
    application.receipt_number = next_receipt_number(when)
    return _INSERT.save(application)


_INSERT = PreparedInsert(Application)  # a new application's INSERT, compiled once


def _insert_numbered(application: Application, values: list, fy: int) -> Application:
    insert, params = _INSERT.insert_select(
        values,
        connection,
        computed={"receipt_number": "n.number"},
        source="n",
        returning=("id", "receipt_number"),
    )
    table = connection.ops.quote_name(ReceiptCounter._meta.db_table)
    # `next_receipt_number`'s format: the number zero-padded to six digits, longer if it grows.
    sql = (
        f"WITH n AS (UPDATE {table} SET last = last + 1 WHERE fiscal_year = %s "  # noqa: S608 (names from the models)
        "RETURNING %s || '-' || lpad(last::text, greatest(6, length(last::text)), '0') AS number) "
        f"{insert}"
    )
    params = [fy, receipt_prefix(fy), *params]
    while True:
        with transaction.mark_for_rollback_on_error(), statement_cursor(connection) as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is not None:
            break
        _open_year(fy)  # no counter for the year yet: nothing was inserted
    application.receipt_number = row[1]
    return _INSERT.saved(application, row[:1], connection.alias)


def _open_year(fy: int) -> None:
    """The year's counter, at 0, unless another request has just created it."""
    try:
        with transaction.atomic():
            ReceiptCounter.objects.create(fiscal_year=fy, last=0)
    except IntegrityError:
        pass


def send_state_changed(application: Application, from_state: str, to_state: str, actor: User | None) -> None:
    """The `application_state_changed` signal, after commit (delivery issues documents on it)."""

    def send():
        application_state_changed.send(
            sender=Application, application=application, from_state=from_state, to_state=to_state, actor=actor
        )

    transaction.on_commit(send)


def absolute_url(path: str) -> str:
    """A link for a message read outside the site (e-mail, SMS): the city's public address + path."""
    return settings.MADOGUCHI_PUBLIC_URL.rstrip("/") + path


def notify_applicant(application: Application, template: str, **context) -> None:
    """Tell the applicant; the message links the application's page (`detail_url`, absolute)."""
    notify(
        application.applicant,
        f"applications/notifications/{template}",
        **_notice_context(application, context),
    )


def applicant_notice(application: Application, template: str, **context) -> list[Notification]:
    """`notify_applicant`'s messages, not yet stored: for `record_event(…, along=…)`, then
    `notifications.queue`."""
    return compose(
        application.applicant,
        f"applications/notifications/{template}",
        **_notice_context(application, context),
    )


def _notice_context(application: Application, context: dict) -> dict:
    detail = absolute_url(reverse("applications:detail", args=[application.public_id]))
    return {"application": application, "detail_url": detail, **context}


def actor_of(by: User | AnonymousUser | None) -> User | None:
    """The user to record as the actor: None for the system and anonymous callers."""
    return by if isinstance(by, User) and by.is_authenticated else None


def store_files(
    application: Application, checked: list[CheckedFile], by: User | AnonymousUser | None
) -> list[Attachment]:
    """Save files already checked by `attachments.check_attachments` onto the application."""
    stored = []
    for item in checked:
        attachment = Attachment(
            application=application,
            kind=item.kind,
            original_name=item.name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=actor_of(by),
        )
        attachment.file.save(item.name, item.upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


# ---------------------------------------------------------------- the documents an application needs


def needed_attachments(procedure, version, data) -> list[dict]:
    """The procedure's attachments (`required_attachments` specs) that the answers in `data` make
    required: a fixed `required: true`, or a condition over the answers (委任状 only when a proxy
    is paid, no 通帳の写し with the 公金受取口座)."""
    ui_schema = version.ui_schema if version is not None else {}
    return [
        spec
        for spec in procedure.required_attachments or []
        if is_required(spec.get("required"), ui_schema, data)
    ]


def attachment_name(spec: dict) -> str:
    english = spec.get("name_en")
    return english if get_language() == "en" and english else spec["name"]


def ensure_attachments(procedure, version, data, *, have) -> None:
    """The one check, on every channel: raise FormDataError (`attachment-<code>` → message) for
    each document the answers make required and that is not in `have` (kinds uploaded, or
    received on paper at the counter or by post)."""
    missing = [spec for spec in needed_attachments(procedure, version, data) if spec["code"] not in have]
    if missing:
        raise FormDataError(
            {
                f"attachment-{spec['code']}": [
                    _("「%(name)s」を添付してください。") % {"name": attachment_name(spec)}
                ]
                for spec in missing
            }
        )
