"""Showing an application's answers and history to people (check page, case page, PDF copy)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from madoguchi.core.japanese import JapaneseInputError, format_wareki
from madoguchi.core.models import StaffRole
from madoguchi.procedures.services import prune, steps_of, title_of

from .events import Verb
from .models import State


def _display_value(schema: dict, value) -> str:
    if value is None or value == "":
        return ""
    if schema.get("format") == "date" and isinstance(value, str):
        return _wareki(value)
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    if schema.get("enum") and get_language() == "en" and schema.get("x-enum-en"):
        try:
            return str(schema["x-enum-en"][schema["enum"].index(value)])
        except (ValueError, IndexError):
            return str(value)
    if isinstance(value, list):
        items = schema.get("items") or {}
        return "、".join(_display_value(items, v) for v in value)
    return str(value)


def _wareki(value: str) -> str:
    """An answered date as residents read it: 令和6(2024)年4月1日 (as typed if unreadable)."""
    try:
        return format_wareki(datetime.date.fromisoformat(value))
    except (ValueError, JapaneseInputError):
        return value


def answer_sections(application, *, errors: dict | None = None) -> list[dict]:
    """[{title, url, rows: [(label, value, error)]}] in the form's order. Answers to fields hidden
    by a condition are not shown (nor stored, for anything submitted since conditions exist)."""
    version = application.procedure_version
    answers = prune(version.ui_schema, application.data)
    sections = []
    errors = errors or {}
    for index, step in enumerate(steps_of(version), start=1):
        key = step["key"]
        schema = version.schema["properties"].get(key, {})
        data = answers.get(key) or {}
        rows = []
        for name, sub in (schema.get("properties") or {}).items():
            path = f"{key}.{name}"
            if sub.get("type") == "array" and (sub.get("items") or {}).get("type") == "object":
                for n, item in enumerate(data.get(name) or [], start=1):
                    for item_name, item_schema in sub["items"].get("properties", {}).items():
                        if item_name in item:
                            label = f"{title_of(sub, name)} {n}: {title_of(item_schema, item_name)}"
                            rows.append(
                                (
                                    label,
                                    _display_value(item_schema, item[item_name]),
                                    "; ".join(errors.get(f"{path}.{n - 1}.{item_name}", [])),
                                )
                            )
                if path in errors:
                    rows.append((title_of(sub, name), "", "; ".join(errors[path])))
                continue
            error = "; ".join(errors.get(path, []))
            if name in data or error:
                rows.append((title_of(sub, name), _display_value(sub, data.get(name)), error))
        step_errors = [m for p, ms in errors.items() if p == key for m in ms]
        sections.append(
            {
                "title": step["title"],
                "url": reverse("applications:step", args=[application.public_id, index]),
                "rows": rows,
                "errors": step_errors,
                "has_errors": bool(step_errors) or any(r[2] for r in rows),
            }
        )
    return sections


def _flat_answers(version, data: dict) -> dict[str, tuple[str, str]]:
    """{path: (label, shown value)} for every answer, in the form's order (lists row by row)."""
    answers = prune(version.ui_schema, data or {})
    flat: dict[str, tuple[str, str]] = {}
    for step in steps_of(version):
        key = step["key"]
        schema = version.schema["properties"].get(key, {})
        values = answers.get(key) or {}
        for name, sub in (schema.get("properties") or {}).items():
            if sub.get("type") == "array" and (sub.get("items") or {}).get("type") == "object":
                for n, item in enumerate(values.get(name) or [], start=1):
                    for item_name, item_schema in sub["items"].get("properties", {}).items():
                        label = (
                            f"{step['title']}: {title_of(sub, name)} {n}: {title_of(item_schema, item_name)}"
                        )
                        shown = _display_value(item_schema, (item or {}).get(item_name))
                        flat[f"{key}.{name}.{n - 1}.{item_name}"] = (label, shown)
            elif name in values:
                flat[f"{key}.{name}"] = (
                    f"{step['title']}: {title_of(sub, name)}",
                    _display_value(sub, values[name]),
                )
    return flat


def changes_since_correction(application) -> dict | None:
    """What the resubmission changed since the 補正依頼: {"answers": [(label, before, after)],
    "added": [file names], "removed": [file names]}; None when there was no correction request."""
    snapshot = application.correction_snapshot or {}
    if not snapshot:
        return None
    version = application.procedure_version
    before = _flat_answers(version, snapshot.get("data") or {})
    after = _flat_answers(version, application.data)
    answers = []
    for path in [*after, *(p for p in before if p not in after)]:
        label, old = before.get(path, ("", ""))
        label, new = after.get(path, (label, ""))
        if old != new:
            answers.append((label, old, new))
    sent = {(a["sha256"], a["kind"]): a["name"] for a in snapshot.get("attachments") or []}
    now = {(a.sha256, a.kind): a.original_name for a in application.attachments.all()}
    return {
        "answers": answers,
        "added": [name for key, name in now.items() if key not in sent],
        "removed": [name for key, name in sent.items() if key not in now],
    }


# The events a resident sees in their application's history (staff see every event).
VERB_LABELS = {
    Verb.SUBMITTED: lambda: _("受付"),
    Verb.REVIEW_STARTED: lambda: _("審査開始"),
    Verb.CORRECTION_REQUESTED: lambda: _("補正依頼"),
    Verb.RESUBMITTED: lambda: _("再提出"),
    Verb.APPROVED: lambda: _("承認"),
    Verb.REJECTED: lambda: _("却下"),
    Verb.COMPLETED: lambda: _("完了"),
    Verb.WITHDRAWN: lambda: _("取下げ"),
}


def staff_name(user) -> str:
    """A staff member as colleagues know them: 姓 名, or the login name if none is recorded."""
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def actor_labels(application, users) -> dict[int, str]:
    """Who acted on a case, for its history: the applicant as 申請者, other residents by name,
    staff by name with their roles in the case's department (one query for all of them)."""
    users = {user.pk: user for user in users if user is not None}
    roles: dict[int, list[str]] = {}
    order = list(StaffRole.Role.values)  # 受付・審査・決裁…, as the policy lists them
    held = StaffRole.objects.filter(user_id__in=users, department_id=application.department_id)
    for role in sorted(held, key=lambda r: order.index(r.role)):
        roles.setdefault(role.user_id, []).append(role.get_role_display())
    labels = {}
    for pk, user in users.items():
        person = getattr(user, "person", None)
        if person is not None:
            name = person.full_name
            what = _("申請者") if person.pk == application.applicant_id else _("住民")
        else:  # staff; of another department or the system administrator: no role here
            name = staff_name(user)
            joiner = ", " if get_language() == "en" else "・"
            what = joiner.join(roles[pk]) if pk in roles else _("職員")
        labels[pk] = _("%(name)s（%(what)s）") % {"name": name, "what": what}
    return labels


def timeline(application, *, staff: bool = False) -> list[dict]:
    """The status history; residents see state changes only, staff see every event, each with
    who acted (`who`, empty when the system did)."""
    events = [
        e
        for e in application.events().select_related("actor", "actor__person")
        if staff or e.verb in VERB_LABELS
    ]
    labels = actor_labels(application, [e.actor for e in events]) if staff else {}
    rows = []
    for event in events:
        # staff see every event: one without a resident-facing label is named by its Verb
        fallback = Verb(event.verb).label if event.verb in Verb.values else event.verb
        label = VERB_LABELS.get(event.verb, lambda v=fallback: v)()
        detail = (
            event.data.get("reason", "") if event.verb in (Verb.CORRECTION_REQUESTED, Verb.REJECTED) else ""
        )
        rows.append(
            {
                "time": event.time,
                "label": label,
                "detail": detail,
                "who": labels.get(event.actor_id, ""),
                "channel": event.get_channel_display(),
            }
        )
    return rows


def state_tag(state: str) -> str:
    return {
        State.COMPLETED: "tag--green",
        State.APPROVED: "tag--green",
        State.CORRECTION_REQUESTED: "tag--red",
        State.REJECTED: "tag--red",
        State.WITHDRAWN: "tag--gray",
        State.DRAFT: "tag--gray",
    }.get(state, "tag--blue")
