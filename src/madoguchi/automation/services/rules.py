"""自動処理ルール (RPA): "when <Event verb> on <procedure> and <conditions over the application>
then <action>", owned by a division and run with its owner's permissions.

- Every action is a call to the applications services (assign, start_review, request_correction,
  approve, add_note), which check the owner's permission and write their own Event; the rule then
  writes `rule_applied` on the application, naming the rule and the Event that set it off.
- Idempotent: one RuleRun per (rule, Event), so an Event seen twice (a replay, a redelivered task)
  acts once. Events written while a rule acts set off no rule (no chains, no loops).
- Retries through Celery (`tasks.run_rule`); after the last attempt the run is failed, and a rule
  that fails PAUSE_AFTER times in a row is paused and its owner told.
- A dry run replays the last months' Events against the rule and only reads.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madoguchi.applications import services as cases
from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.models import Department, Event
from madoguchi.core.notifications import notify
from madoguchi.core.pagecache import cached_under
from madoguchi.procedures import services as procedures

from ..events import Verb
from ..models import Rule, RuleRun

if TYPE_CHECKING:
    from madoguchi.core.models import User

CASE_TYPE = "applications.application"
TRIGGERS = (
    cases.Verb.SUBMITTED,
    cases.Verb.RESUBMITTED,
    cases.Verb.REVIEW_STARTED,
    cases.Verb.CORRECTION_REQUESTED,
    cases.Verb.APPROVED,
    cases.Verb.ASSIGNED,
)
OPERATORS = {
    "equals": gettext_lazy("が次と等しい"),
    "not_equals": gettext_lazy("が次と等しくない"),
    "present": gettext_lazy("が入力されている"),
    "absent": gettext_lazy("が入力されていない"),
}
PAUSE_AFTER = 3  # failed runs in a row before the rule is paused
MAX_RETRIES = 3

_acting: ContextVar[bool] = ContextVar("automation_rule_acting", default=False)


@contextmanager
def acting():
    """While a rule acts: the Events it causes set off no rule."""
    token = _acting.set(True)
    try:
        yield
    finally:
        _acting.reset(token)


def is_acting() -> bool:
    return _acting.get()


# ---------------------------------------------------------------- editing


def _check_params(department: Department, action: str, params: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if action == Rule.Action.ASSIGN:
        username = (params.get("assignee") or "").strip()
        user = get_user_model().objects.filter(username=username).first() if username else None
        if user is None or not access.can(user, access.CASE_REVIEW, department.pk):
            errors["assignee"] = [
                _("担当者には、この部署で申請を審査できる職員のユーザー名を入力してください。")
            ]
    if action in (Rule.Action.REQUEST_DOCUMENT, Rule.Action.NOTE) and not (params.get("text") or "").strip():
        errors["text"] = [_("依頼またはメモの文面を入力してください。")]
    return errors


def _check_conditions(conditions: Any) -> list[str]:
    if not isinstance(conditions, list):
        return [_("条件の形が正しくありません。")]
    for condition in conditions:
        if not isinstance(condition, dict) or not str(condition.get("path") or "").strip():
            return [_("条件の項目を入力してください（例：data.changes または channel）。")]
        if condition.get("op") not in OPERATORS:
            return [_("条件の比べ方を選んでください。")]
    return []


@transaction.atomic
def save_rule(
    department: Department,
    *,
    by: User,
    name: str,
    verb: str,
    procedure_code: str,
    action: str,
    conditions: list | None = None,
    params: dict | None = None,
    rule: Rule | None = None,
) -> Rule:
    """Create (or change) a rule of `department`; `by` becomes its owner, on whose permissions it acts."""
    access.require(by, access.AUTOMATION_RULES, department.pk)
    if rule is not None and rule.department_id != department.pk:
        raise ValidationError(_("ルールの部署は変えられません。"))
    conditions = conditions or []
    params = params or {}
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("ルールの名称を入力してください。")]
    if verb not in TRIGGERS:
        errors["verb"] = [_("きっかけになるイベントを選んでください。")]
    procedure = procedures.get_procedure_by_code(procedure_code or "")
    if procedure is None or procedure.department_id != department.pk:
        errors["procedure_code"] = [_("この部署の手続を選んでください。")]
    if action not in Rule.Action.values:
        errors["action"] = [_("処理を選んでください。")]
    else:
        errors.update(_check_params(department, action, params))
    if problems := _check_conditions(conditions):
        errors["conditions"] = problems
    if errors:
        raise ValidationError(errors)
    rule = rule or Rule(department=department)
    rule.name = name.strip()
    rule.owner = by
    rule.verb = verb
    rule.procedure_code = procedure_code
    rule.conditions = conditions
    rule.action = action
    rule.params = params
    rule.status = Rule.Status.ACTIVE
    rule.failures = 0
    rule.save()
    record_event(rule, verb=Verb.RULE_SAVED, actor=by, data={"procedure": procedure_code, "action": action})
    return rule


@transaction.atomic
def set_rule_status(rule: Rule, *, by: User, status: str) -> Rule:
    """Pause a rule, or start it again (its count of failures starts over)."""
    access.require(by, access.AUTOMATION_RULES, rule.department_id)
    if status not in Rule.Status.values:
        raise ValidationError(_("状態を選んでください。"))
    rule.status = status
    rule.failures = 0
    rule.save(update_fields=["status", "failures"])
    record_event(rule, verb=Verb.RULE_PAUSED if status == Rule.Status.PAUSED else Verb.RULE_RESUMED, actor=by)
    return rule


def procedures_in(departments):
    """The procedures a rule of these departments may name."""
    return procedures.procedures_in(departments).order_by("code")


def rules_for(user) -> QuerySet[Rule]:
    departments = access.departments_where(user, access.AUTOMATION_RULES)
    return Rule.objects.filter(department__in=departments).select_related("department", "owner")


def access_rule(user, pk: int) -> Rule:
    return access.load(
        Rule.objects.select_related("department", "owner"), user, access.AUTOMATION_RULES, pk=pk
    )


# ---------------------------------------------------------------- conditions


def _lookup(facts: dict, path: str):
    value: Any = facts
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def conditions_hold(application, conditions: list[dict]) -> bool:
    """All conditions true of the application: `channel`, `state`, or `data.<answer path>`."""
    facts = {"channel": application.channel, "state": application.state, "data": application.data or {}}
    for condition in conditions:
        value = _lookup(facts, condition["path"].strip())
        present = value not in (None, "", [], {})
        expected = condition.get("value")
        op = condition["op"]
        if op == "present" and not present:
            return False
        if op == "absent" and present:
            return False
        if op == "equals" and str(value) != str(expected):
            return False
        if op == "not_equals" and str(value) == str(expected):
            return False
    return True


# ---------------------------------------------------------------- running


def _application_of(event: Event):
    if event.subject_type != CASE_TYPE or not event.subject_id.isdigit():
        return None
    return cases.get_application(pk=int(event.subject_id))


def active_rules() -> list[Rule]:
    """The active rules, read once per process while none changed (every submit asks; pagecache
    "automation" is bumped by any save of a Rule). `execute` checks the rule again under a lock."""
    return cached_under(
        "automation", "active-rules", lambda: list(Rule.objects.filter(status=Rule.Status.ACTIVE))
    )


def runs_for_event(event: Event) -> list[RuleRun]:
    """The runs an Event calls for (made once; an Event seen again gets the same runs)."""
    if is_acting() or event.verb not in TRIGGERS:
        return []
    candidates = [copy.copy(rule) for rule in active_rules() if rule.verb == event.verb]
    application = _application_of(event) if candidates else None  # no rules: one query, no more
    if application is None:
        return []
    runs = []
    for rule in candidates:
        if rule.procedure_code != application.procedure.code:
            continue
        run, _created = RuleRun.objects.get_or_create(
            rule=rule, event_id=event.pk, defaults={"subject_id": event.subject_id}
        )
        runs.append(run)
    return runs


def _act(rule: Rule, application) -> None:
    owner, params = rule.owner, rule.params
    if rule.action == Rule.Action.ASSIGN:
        assignee = get_user_model().objects.get(username=params["assignee"])
        cases.assign(application, by=owner, assignee=assignee)
    elif rule.action == Rule.Action.START_REVIEW:
        cases.start_review(application, by=owner)
    elif rule.action == Rule.Action.REQUEST_DOCUMENT:
        cases.request_correction(application, by=owner, reason=params["text"])
    elif rule.action == Rule.Action.APPROVE:
        cases.approve(application, by=owner, note=_("自動処理ルール「%(name)s」") % {"name": rule.name})
    elif rule.action == Rule.Action.NOTE:
        cases.add_note(application, by=owner, text=params["text"])


def execute(run: RuleRun) -> RuleRun:
    """Act on the run's application if the rule's conditions hold; once (a done or skipped run is
    left as it is). Errors propagate to the task, which retries."""
    with transaction.atomic():
        run = RuleRun.objects.select_for_update().select_related("rule", "rule__owner").get(pk=run.pk)
        if run.outcome != RuleRun.Outcome.PENDING:
            return run
        rule = run.rule
        application = cases.get_application(pk=int(run.subject_id))
        if (
            application is None
            or rule.status != Rule.Status.ACTIVE
            or not conditions_hold(application, rule.conditions)
        ):
            run.outcome = RuleRun.Outcome.SKIPPED
        else:
            with acting():
                _act(rule, application)
                record_event(
                    application,
                    verb=Verb.RULE_APPLIED,
                    actor=rule.owner,
                    data={
                        "rule": rule.pk,
                        "rule_name": rule.name,
                        "action": rule.action,
                        "event": run.event_id,
                    },
                )
            run.outcome = RuleRun.Outcome.DONE
            Rule.objects.filter(pk=rule.pk).update(failures=0)
        run.attempts += 1
        run.finished_at = timezone.now()
        run.save(update_fields=["outcome", "attempts", "finished_at"])
    return run


@transaction.atomic
def record_failure(run: RuleRun, error: BaseException, *, final: bool) -> RuleRun:
    """A failed attempt; the last one fails the run, and PAUSE_AFTER failed runs in a row pause the
    rule and tell its owner."""
    run = RuleRun.objects.select_for_update().select_related("rule", "rule__owner").get(pk=run.pk)
    run.attempts += 1
    run.error = f"{type(error).__name__}: {error}"[:2000]
    fields = ["attempts", "error"]
    if final:
        run.outcome = RuleRun.Outcome.FAILED
        run.finished_at = timezone.now()
        fields += ["outcome", "finished_at"]
        rule = Rule.objects.select_for_update().get(pk=run.rule_id)
        rule.failures += 1
        if rule.failures >= PAUSE_AFTER and rule.status == Rule.Status.ACTIVE:
            rule.status = Rule.Status.PAUSED
            record_event(
                rule, verb=Verb.RULE_PAUSED, data={"failures": rule.failures, "error": run.error[:200]}
            )
            notify(rule.owner, "automation/rule_paused", rule=rule, error=run.error)
        rule.save(update_fields=["failures", "status"])
    run.save(update_fields=fields)
    return run


# ---------------------------------------------------------------- dry run


@dataclass(frozen=True)
class DryRunRow:
    time: datetime
    receipt_number: str
    would_act: bool
    already_run: bool


def dry_run(rule: Rule, *, months: int = 3, now: datetime | None = None) -> list[DryRunRow]:
    """What the rule would have done on the Events of the last `months` months (only reads: the
    conditions are read against each application as it is now)."""
    if not 1 <= months <= 24:
        raise ValidationError(_("期間は1から24か月にしてください。"))
    now = now or timezone.now()
    received = Event.objects.filter(
        subject_type=CASE_TYPE, verb=cases.Verb.SUBMITTED, data__procedure=rule.procedure_code
    ).values("subject_id")
    events = Event.objects.filter(
        subject_type=CASE_TYPE,
        verb=rule.verb,
        time__gte=now - timedelta(days=30 * months),
        subject_id__in=received,
    ).order_by("time", "pk")
    done = set(rule.runs.values_list("event_id", flat=True))
    rows = []
    for event in events:
        application = _application_of(event)
        if application is None:
            continue
        rows.append(
            DryRunRow(
                time=event.time,
                receipt_number=application.receipt_number or "",
                would_act=conditions_hold(application, rule.conditions),
                already_run=event.pk in done,
            )
        )
    return rows


def dispatch(event: Event) -> list[RuleRun]:
    """Send the Event's pending runs to Celery. Safe to call again for the same Event (a replay):
    the runs already done or skipped are not sent."""
    from ..tasks import run_rule

    runs = runs_for_event(event)
    for run in runs:
        if run.outcome == RuleRun.Outcome.PENDING:
            run_rule.delay(run.pk)
    return runs


def event_recorded(sender, instance: Event, created: bool, **kwargs) -> None:
    """post_save of core.Event: after commit, the rules this Event sets off run (not while a rule
    acts, and only for the verbs a rule may react to)."""
    if not created or is_acting() or instance.verb not in TRIGGERS or instance.subject_type != CASE_TYPE:
        return
    transaction.on_commit(lambda: dispatch(instance))  # an Event is never changed: no re-read
