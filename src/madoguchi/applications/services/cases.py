"""Who may see and act on an application, and the audited reads of a case by staff.

Staff act only on their own department's cases (core.access); a resident only on their own
applications. Every read of a case or an attachment by staff is audited here, so that the HTML
pages and the API cannot differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _

from madoguchi.core import access, audit
from madoguchi.core.models import User

from ..models import Application, Attachment, State

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def ensure_department_access(
    user: User | AnonymousUser, application_or_department, permission=access.CASE_VIEW
) -> None:
    """Staff act only on their own department's cases, with a role that grants `permission`."""
    department = getattr(application_or_department, "department_id", application_or_department)
    access.require(user, permission, department)


def can_view(user: User | AnonymousUser, application: Application) -> bool:
    if is_owner(user, application):
        return True
    if application.receipt_number is None:  # never submitted (a draft): only the resident's
        return False
    return access.can(user, access.CASE_VIEW, application.department_id)


def case_departments(user: User | AnonymousUser):
    """The departments whose received cases `user` may see (the inbox, the API list)."""
    return access.departments_where(user, access.CASE_VIEW)


def access_case(user: User | AnonymousUser, **lookup) -> Application:
    """Fetch a received case by `lookup` for staff of its department (404 for anyone else)."""
    return access.load(
        Application.objects.received().select_related(
            "procedure", "procedure_version", "department", "applicant", "assignee"
        ),
        user,
        access.CASE_VIEW,
        **lookup,
    )


def is_owner(user: User | AnonymousUser, application: Application) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    person = getattr(user, "person", None)
    return person is not None and person.pk == application.applicant_id


def ensure_owner(user: User | AnonymousUser, application: Application) -> None:
    if not is_owner(user, application):
        raise PermissionDenied(_("この申請を操作する権限がありません。"))


# ---------------------------------------------------------------- audited reads


def open_case(application: Application, *, by: User) -> Application:
    """A staff member opens a case (the case page, the API's detail): the read of the resident's
    data is audited. The resident reading their own application is not."""
    if not is_owner(by, application):
        audit.append(
            action="application_viewed",
            actor=by,
            object_type="applications.application",
            object_id=str(application.pk),
        )
    return application


def open_attachment(user: User | AnonymousUser, pk: int) -> Attachment:
    """An attached file for its owner or the owning department's staff (404 for anyone else, so
    ids cannot be probed); a staff read is audited."""
    attachment = (
        Attachment.objects.select_related("application__applicant", "application__department")
        .filter(pk=pk)
        .first()
    )
    if attachment is None or not can_view(user, attachment.application):
        raise Http404
    if not is_owner(user, attachment.application):
        audit.append(
            action="attachment_viewed",
            actor=user,
            object_type="applications.attachment",
            object_id=str(attachment.pk),
        )
    return attachment


def export_cases(applications, *, by: User, exporter) -> bytes | str:
    """The inbox's cases for the core system (CSV by default); the export is audited."""
    body = exporter.export(applications)
    audit.append(
        action="applications_exported",
        actor=by,
        object_type="applications.application",
        data={"count": applications.count()},
    )
    return body


# ---------------------------------------------------------------- reads for other apps


def get_application(*, pk: int | None = None, public_id=None) -> Application | None:
    """One application by id or public id, with its procedure and department (None if none)."""
    lookup = {"pk": pk} if pk is not None else {"public_id": public_id}
    return Application.objects.select_related("procedure", "department").filter(**lookup).first()


def applicants_in(person_ids, department_ids) -> set[int]:
    """Which of these residents have an application (received or draft) handled by one of these
    departments: the access review's "inside the reader's cases"."""
    return set(
        Application.objects.filter(applicant_id__in=person_ids, department_id__in=department_ids)
        .values_list("applicant_id", flat=True)
        .distinct()
    )


def received_counts(*, start=None, end=None) -> list[tuple[str, str, str, int]]:
    """(procedure code, procedure name, channel, count) of the applications received in
    [start, end): the counter's channel share."""
    qs = Application.objects.filter(submitted_at__isnull=False)
    if start:
        qs = qs.filter(submitted_at__gte=start)
    if end:
        qs = qs.filter(submitted_at__lt=end)
    return list(
        qs.values_list("procedure__code", "procedure__name", "channel").annotate(n=Count("pk")).order_by()
    )


def is_draft(application: Application) -> bool:
    """Not sent yet (下書き)."""
    return application.state == State.DRAFT


def is_approved(application: Application) -> bool:
    """承認済み: approved, and possibly completed since (what a fee or a certificate follows)."""
    return application.state in (State.APPROVED, State.COMPLETED)


def is_withdrawn_or_rejected(application: Application) -> bool:
    """Closed without approval: withdrawn by the resident (取下げ) or rejected (却下)."""
    return application.state in (State.WITHDRAWN, State.REJECTED)


def application_states() -> type[State]:
    """The states an application moves through (State: draft, submitted, … approved, completed)."""
    return State
