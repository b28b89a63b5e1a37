"""The no-writing counter (書かない窓口): find the resident, prepare every form the life event
needs from the register (once-only), staff complete them, the resident checks and signs on the
tablet, and each form becomes an Application with channel=counter."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.applications import services as applications
from madoguchi.core import audit, residents
from madoguchi.core.events import record_event
from madoguchi.core.japanese import to_jst_date
from madoguchi.core.models import Channel, Person, User
from madoguchi.lifeevents import services as lifeevents
from madoguchi.procedures import services as procedures

from ..events import Verb
from ..models import CounterForm, CounterSession, Ticket
from .staff import ensure_counter_staff


def find_residents(*, by: User, name_kana: str, birth_date=None, limit: int = 20) -> list:
    """本人確認の後の検索: residents by katakana name (and birth date). The read is audited."""
    ensure_counter_staff(by)
    found = residents.find(name_kana=name_kana, birth_date=birth_date, limit=limit)
    audit.append(
        action="personal_data_read",
        actor=by,
        object_type="core.person",
        data={"purpose": "counter_lookup", "persons": [person.pk for person in found]},
    )
    return found


def published_procedure(code: str):
    """The published procedure a prepared form is for (None when it is no longer offered)."""
    return procedures.published_procedure(code)


def prepare_form_data(procedure, person, *, life_event: str = "") -> dict:
    """Once-only: everything the register knows, for a new form (prefills and the household)."""
    version = procedure.current_version
    data = applications.prefill_from_person(version, person) if version else {}
    schema = version.schema if version else {}
    today = to_jst_date(timezone.now())
    record = residents.resident(person)  # the resident registry's view (core.residents)
    household = residents.household(person)
    members = list(household.members) if household else []
    children = [m for m in members if m.pk != person.pk and (m.age_on(today) or 99) < 18]
    for section, spec in (schema.get("properties") or {}).items():
        props = spec.get("properties") or {}
        target = data.setdefault(section, {})
        # Lists of people (children, members) from the household register.
        lst = props.get("list")
        if lst and lst.get("type") == "array":
            item_props = (lst.get("items") or {}).get("properties") or {}
            people = children if "child" in section else members
            rows = []
            for member in people:
                row = {}
                for key in item_props:
                    if key == "full_name":
                        row[key] = member.full_name
                    elif key == "full_name_kana" and member.full_name_kana:
                        row[key] = member.full_name_kana
                    elif key == "birth_date" and member.birth_date:
                        row[key] = member.birth_date.isoformat()
                    elif key == "gender" and "enum" in item_props[key] and member.gender in (1, 2):
                        row[key] = {1: "男", 2: "女"}[member.gender]
                    elif key == "relationship" and member.relationship:
                        enum = item_props[key].get("enum")
                        if not enum or member.relationship in enum:
                            row[key] = member.relationship
                rows.append(row)
            if rows:
                target["list"] = rows
        # The first child of the household for forms about one child.
        if children and "child_name" in props and "child_name" not in target:
            target["child_name"] = children[0].full_name
            if "child_birth_date" in props and children[0].birth_date:
                target["child_birth_date"] = children[0].birth_date.isoformat()
        if "insured_name" in props and "insured_name" not in target:
            target["insured_name"] = record.full_name
            if "insured_birth_date" in props and record.birth_date:
                target["insured_birth_date"] = record.birth_date.isoformat()
        reason = props.get("reason") or {}
        event_reason = {"tennyu": "転入", "shussei": "出生", "tenshutsu": "転出", "shibou": "死亡"}.get(
            life_event
        )
        if event_reason and event_reason in (reason.get("enum") or []) and "reason" not in target:
            target["reason"] = event_reason
        if "member_count" in props and members and "member_count" not in target:
            target["member_count"] = str(len(members))
        if "head_name" in props and "head_name" not in target:
            head = next((m for m in members if m.relationship == "世帯主"), record)
            target["head_name"] = head.full_name
        if not target:
            data.pop(section)
    return data


@transaction.atomic
def start_counter_session(
    person: Person, *, life_event: str, answers: dict, by: User, ticket: Ticket | None = None
) -> CounterSession:
    """書かない窓口を始める: prepare every form the life event needs, prefilled from the register."""
    ensure_counter_staff(by)
    event = lifeevents.get_event(life_event)
    if event is None:
        raise ValidationError(_("ライフイベントを選んでください。"))
    session = CounterSession.objects.create(
        person=person, staff=by, life_event=life_event, answers=answers, ticket=ticket
    )
    order = 0
    for item in lifeevents.plan_for(event, answers):
        procedure = published_procedure(item.code) if item.is_procedure else None
        if procedure is None or "counter" not in (procedure.channels or []):
            continue
        CounterForm.objects.create(
            session=session,
            procedure_code=procedure.code,
            title=procedure.name,
            department=procedure.department,
            data=prepare_form_data(procedure, person, life_event=life_event),
            sort_order=order,
        )
        order += 1
    record_event(
        session,
        verb=Verb.COUNTER_SESSION_STARTED,
        actor=by,
        channel=Channel.COUNTER,
        data={"life_event": life_event, "forms": order},
    )
    return session


DECLARATIONS = "declarations"  # the resident's own confirmations, made on the tablet


def form_errors(form: CounterForm, *, include_declarations: bool = False) -> dict[str, list[str]]:
    """What is still missing or wrong in a prepared form (dotted field → messages).

    The declarations (記載内容は事実に相違ありません …) are the resident's to make on the tablet,
    so staff are not asked for them.
    """
    procedure = published_procedure(form.procedure_code)
    if procedure is None or procedure.current_version is None:
        return {"__all__": [_("この手続は現在受け付けていません。")]}
    errors = procedures.collect_errors(procedure.current_version.schema, form.data)
    if not include_declarations:
        errors = {
            k: v for k, v in errors.items() if k != DECLARATIONS and not k.startswith(DECLARATIONS + ".")
        }
    # the documents these answers call for, checked at the desk (the one rule of applications)
    received = set(form.documents_received or [])
    for spec in applications.needed_attachments(procedure, procedure.current_version, form.data):
        if spec["code"] not in received:
            errors[f"attachment-{spec['code']}"] = [
                _("「%(name)s」を受け取って確認してください。") % {"name": spec["name"]}
            ]
    return errors


def declarations_of(procedure) -> list[tuple[str, str]]:
    """(field, text) of each confirmation the resident makes for this form."""
    version = procedure.current_version
    section = ((version.schema if version else {}).get("properties") or {}).get(DECLARATIONS) or {}
    return [(key, procedures.title_of(spec, key)) for key, spec in (section.get("properties") or {}).items()]


def _with_declarations(procedure, data: dict) -> dict:
    """The resident confirmed on the tablet: every declaration of the form is made."""
    version = procedure.current_version
    section = ((version.schema if version else {}).get("properties") or {}).get(DECLARATIONS)
    if not section:
        return data
    made = {
        key: True for key, spec in (section.get("properties") or {}).items() if spec.get("type") == "boolean"
    }
    return {**data, DECLARATIONS: {**data.get(DECLARATIONS, {}), **made}}


def _ensure_session_staff(session: CounterSession, by: User) -> None:
    ensure_counter_staff(by)


@transaction.atomic
def save_counter_form(
    form: CounterForm, *, by: User, data: dict, included: bool = True, documents_received=None
) -> CounterForm:
    """職員が入力: staff complete what the register did not know, and tick the documents the
    resident handed over (`documents_received`: codes of the procedure's attachments)."""
    _ensure_session_staff(form.session, by)
    if form.session.status == CounterSession.Status.CONFIRMED:
        raise ValidationError(_("申請済みの受付は変更できません。"))
    form.data = data
    form.included = included
    fields = ["data", "included"]
    if documents_received is not None:
        form.documents_received = sorted({str(code) for code in documents_received})
        fields.append("documents_received")
    form.save(update_fields=fields)
    if form.session.status == CounterSession.Status.CHECKING:  # changed while on the tablet: check again
        CounterSession.objects.filter(pk=form.session_id).update(status=CounterSession.Status.PREPARING)
    return form


@transaction.atomic
def send_to_tablet(session: CounterSession, *, by: User) -> CounterSession:
    """本人確認へ: every included form complete → the resident checks them on the tablet."""
    _ensure_session_staff(session, by)
    included = [form for form in session.forms.all() if form.included]
    if not included:
        raise ValidationError(_("申請する手続を1つ以上選んでください。"))
    incomplete = [form.title for form in included if form_errors(form)]
    if incomplete:
        raise ValidationError(
            _("入力が終わっていない申請書があります: %(forms)s") % {"forms": "、".join(incomplete)}
        )
    session.status = CounterSession.Status.CHECKING
    session.save(update_fields=["status"])
    record_event(session, verb=Verb.COUNTER_SESSION_CHECKING, actor=by, channel=Channel.COUNTER)
    return session


SIGNATURE_PREFIX = "data:image/png;base64,"


@transaction.atomic
def confirm_session(session: CounterSession, *, by: User, method: str, signature_image: str = "") -> list:
    """本人が確認して署名: every included form becomes an Application with channel=counter,
    in its procedure's department inbox. A repeated confirm creates nothing new."""
    _ensure_session_staff(session, by)
    session = (
        CounterSession.objects.select_for_update(of=("self",)).select_related("person").get(pk=session.pk)
    )
    if session.status == CounterSession.Status.PREPARING:
        raise ValidationError(_("職員が申請書の準備を終えてから確認してください。"))
    if method not in CounterSession.Signature.values:
        raise ValidationError(_("署名の方法を選んでください。"))
    if method == CounterSession.Signature.DRAWN and not signature_image.startswith(SIGNATURE_PREFIX):
        raise ValidationError(_("署名欄に署名してください。"))
    submitted = []
    for form in session.forms.filter(included=True):
        procedure = published_procedure(form.procedure_code)
        application = applications.submit_application(
            procedure,
            applicant=session.person,
            data=_with_declarations(procedure, form.data),
            channel=Channel.COUNTER,
            by=by,
            idempotency_key=f"counter-{session.token}-{form.pk}",
            documents_received=form.documents_received or (),
        )
        form.application_id = application.pk
        form.receipt_number = application.receipt_number or ""
        form.save(update_fields=["application_id", "receipt_number"])
        submitted.append(application)
    if session.status != CounterSession.Status.CONFIRMED:
        session.status = CounterSession.Status.CONFIRMED
        session.signature_method = method
        session.signature_image = signature_image if method == CounterSession.Signature.DRAWN else ""
        session.confirmed_at = timezone.now()
        session.save(update_fields=["status", "signature_method", "signature_image", "confirmed_at"])
        record_event(
            session,
            verb=Verb.COUNTER_SESSION_CONFIRMED,
            actor=by,
            channel=Channel.COUNTER,
            data={"signature": method, "applications": [a.pk for a in submitted]},
        )
    return submitted
