"""The resident's draft (下書き): prefill from the resident's record (once-only), save and resume,
attachments. A draft is the resident's alone; the city sees it only once submitted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import residents
from madoguchi.core.events import record_event
from madoguchi.core.japanese import to_jst_date
from madoguchi.core.models import Channel, Person, User
from madoguchi.procedures.services import prune, steps_of

from ..attachments import check_attachments
from ..events import Verb
from ..models import ATTACHMENTS_PAGE, Application, Attachment, PushInvitation, State
from ..secrets import merge_secrets, split_secrets
from .cases import ensure_owner
from .common import actor_of, needed_attachments, store_files

EDITABLE_STATES = (State.DRAFT, State.CORRECTION_REQUESTED)


def prefill_from_person(version, person: Person) -> dict:
    """Once-only: the fields whose ui_schema says `prefill: person.x`, filled from what the resident
    registry (`core.residents`, the adapter in settings) knows of the Person."""
    data: dict = {}
    record = None
    for path, spec in ((version.ui_schema or {}).get("fields") or {}).items():
        source = spec.get("prefill", "")
        if not source.startswith("person."):
            continue
        record = record or residents.resident(person)
        value = getattr(record, source.split(".", 1)[1], None)
        if value is None or value == "":
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        parts = path.split(".")
        target = data
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return data


def _person_row(member: residents.ResidentRecord, item_props: dict) -> dict:
    row: dict = {}
    for key, spec in item_props.items():
        if key == "full_name":
            value = member.full_name
        elif key == "full_name_kana":
            value = member.full_name_kana
        elif key == "birth_date" and member.birth_date:
            value = member.birth_date.isoformat()
        elif key == "gender":
            value = {1: "男", 2: "女"}.get(member.gender, "")
        elif key == "relationship":
            value = member.relationship
        else:
            continue
        if value and (not spec.get("enum") or value in spec["enum"]):
            row[key] = value
    return row


def prefill_household(version, person: Person) -> dict:
    """Once-only for lists of people the city holds: a `members` list gets the household, the
    person filing first (in 転出届 the filer is one of those moving); a `child…` list the
    household's children under 18. The resident removes whoever does not belong."""
    household = residents.household(person)
    if household is None:
        return {}
    today = to_jst_date(timezone.now())
    members = list(household.members)  # the person filing first
    children = [m for m in members if m.pk != person.pk and (m.age_on(today) or 99) < 18]
    data: dict = {}
    for section, spec in (version.schema.get("properties") or {}).items():
        lst = (spec.get("properties") or {}).get("list") or {}
        item_props = (lst.get("items") or {}).get("properties") or {}
        if lst.get("type") != "array" or "full_name" not in item_props:
            continue
        people = members if section == "members" else children if "child" in section else []
        rows = [_person_row(m, item_props) for m in people][: lst.get("maxItems", len(people))]
        if rows:
            data[section] = {"list": rows}
    return data


def _merge(data: dict, more: dict) -> dict:
    for section, values in more.items():
        target = data.setdefault(section, {})
        for key, value in values.items():
            target.setdefault(key, value)
    return data


def prefilled_paths(version) -> set[str]:
    return {
        path
        for path, spec in ((version.ui_schema or {}).get("fields") or {}).items()
        if str(spec.get("prefill", "")).startswith("person.")
    }


@transaction.atomic
def start_application(
    procedure, *, applicant: Person, by: User | None, invitation: PushInvitation | None = None
) -> Application:
    """Open a draft (下書き) on the current form version, prefilled from the resident's record."""
    version = procedure.current_version
    if version is None or not procedure.is_published:
        raise ValidationError(_("この手続は現在オンラインで受け付けていません。"))
    application = Application.objects.create(
        procedure=procedure,
        procedure_version=version,
        applicant=applicant,
        department=procedure.department,
        channel=Channel.ONLINE,
        state=State.DRAFT,
        data=_merge(prefill_from_person(version, applicant), prefill_household(version, applicant)),
        invitation=invitation,
    )
    return application


def open_draft(procedure, *, applicant: Person, by: User) -> Application:
    """「申請を始める」: the resident's draft of `procedure` if one is open, else a new one."""
    draft = Application.objects.filter(applicant=applicant, procedure=procedure, state=State.DRAFT).first()
    if draft is None:
        draft = start_application(procedure, applicant=applicant, by=by)
    return draft


def _ensure_editable(application: Application, by: User, message: str) -> None:
    ensure_owner(by, application)
    if application.state not in EDITABLE_STATES:
        raise ValidationError(message)


def save_draft(application: Application, *, by: User, data: dict, step: int | None = None) -> Application:
    """Save and resume: keep what was typed so far (validated only on submit). Answers to fields
    hidden by a condition (ui_schema `show_if`) are dropped, never stored."""
    _ensure_editable(application, by, _("提出済みの申請は変更できません。"))
    data = prune(application.procedure_version.ui_schema, data)
    public, secrets = split_secrets(application.procedure_version.schema, data)
    if secrets or not application.secret_data:
        application.secret_data = secrets
    application.data = public
    fields = ["data", "secret_data", "updated_at"]
    if step is not None:
        application.current_step = step
        fields.append("current_step")
    application.save(update_fields=fields)
    return application


def pages_of(application: Application) -> list[dict]:
    """The pages a resident fills in, in order: the form's steps ({key, title, help}), then the
    attachments page if the procedure takes any (key ATTACHMENTS_PAGE)."""
    pages = steps_of(application.procedure_version)
    if application.procedure.required_attachments:
        pages.append({"key": ATTACHMENTS_PAGE, "title": _("書類の添付"), "help": ""})
    return pages


def save_step(application: Application, *, by: User, step: int) -> Application:
    """The resident finished a page without new answers (the attachments page): resume at `step`."""
    _ensure_editable(application, by, _("提出済みの申請は変更できません。"))
    application.current_step = step
    application.save(update_fields=["current_step", "updated_at"])
    return application


def full_data(application: Application) -> dict:
    """The data with 個人番号 restored (for validation; never for display)."""
    return merge_secrets(application.procedure_version.schema, application.data, application.secret_data)


def application_attachments(application: Application) -> list[dict]:
    """The procedure's attachment specs, each with `needed` (required given the answers so far)."""
    needed = {
        spec["code"]
        for spec in needed_attachments(application.procedure, application.procedure_version, application.data)
    }
    return [
        {**spec, "needed": spec["code"] in needed}
        for spec in application.procedure.required_attachments or []
    ]


def missing_required_attachments(application: Application, extra_kinds=()) -> list[dict]:
    """The documents the answers so far make required and that are not attached yet (the same
    rule as `submit_application` applies on every channel)."""
    have = set(application.attachments.values_list("kind", flat=True)) | set(extra_kinds)
    return [
        spec
        for spec in needed_attachments(application.procedure, application.procedure_version, application.data)
        if spec["code"] not in have
    ]


def store_attachment(application: Application, *, by: User, kind: str, upload) -> Attachment:
    """Attach one file to a draft or a case being corrected (the owner only). On a received case
    (補正) the city's record changes: an Event says which kind of document was added."""
    _ensure_editable(application, by, _("提出済みの申請には書類を追加できません。"))
    checked = check_attachments(application.procedure, [(kind, upload)])
    with transaction.atomic():
        attachment = store_files(application, checked, by)[0]
        if application.receipt_number is not None:
            record_event(application, verb=Verb.ATTACHMENT_ADDED, actor=actor_of(by), data={"kind": kind})
        return attachment


@transaction.atomic
def remove_attachment(application: Application, *, by: User, attachment_id: int | None) -> bool:
    """Remove one of the application's own files (the owner, while editing). Another
    application's file id removes nothing. On a received case (補正) an Event says which kind."""
    _ensure_editable(application, by, _("提出済みの申請の書類は削除できません。"))
    attachment = application.attachments.filter(pk=attachment_id or 0).first()
    if attachment is None:
        return False
    kind = attachment.kind
    attachment.delete()
    if application.receipt_number is not None:
        record_event(application, verb=Verb.ATTACHMENT_REMOVED, actor=actor_of(by), data={"kind": kind})
    return True
