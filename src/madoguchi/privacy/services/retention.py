"""保存期間と削除 (retention and purge): rules per record type and procedure, legal holds, and
the purge that deletes or anonymises what is past retention.

The purge is resumable. A run first lists its candidates (one `PurgeItem` each, in the same
transaction that creates the run), then works through them in batches; each batch removes its
records and marks its items in one transaction, so a kill -9 loses at most the batch in flight,
which the next start redoes. Files leave storage only after their rows are gone and the items
say which files (status `files`): a restart deletes those first, so nothing is left orphaned.
Records are removed through the owning app's retention service, which re-checks that each one
is still past its cutoff (a draft submitted meanwhile stays); before each batch the purge
re-reads the legal holds and the open cases, so a hold placed during a run is respected.

What stays: the audit chain and the Events (append-only; they hold ids, verbs and staff's
reasons, never the form answers, so they still verify), and the fields the plan's indicators
count (see `applications.services.retention`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import ModuleType

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.applications import services as applications
from madoguchi.assistant import services as assistant
from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.models import Person
from madoguchi.learning import services as learning
from madoguchi.notices import services as notices
from madoguchi.opendata import services as opendata
from madoguchi.paper import services as paper
from madoguchi.workstyle import services as workstyle

from ..events import Verb
from ..models import LegalHold, PurgeItem, PurgeRun, RecordType, RetentionRule
from .security import _require_office, office_record, security_office

# Days kept after the record's starting point (5 years counts the leap days it may hold); the
# defaults are the retention the register (個人情報ファイル簿, privacy.registry) states.
DEFAULTS: dict[str, int | None] = {
    RecordType.DRAFT: 30,  # from the last change
    RecordType.ATTACHMENT: 366,  # from the case's completion (完了・却下・取下げ)
    RecordType.APPLICATION: 5 * 365 + 2,  # from the case's completion
    RecordType.PARTICIPATION_ACCOUNT: None,  # only on the resident's request
    RecordType.CLASS_REGISTRATION: 3 * 365 + 1,  # from the end of the class's 年度
    RecordType.STAFF_TRAINING: 5 * 365 + 2,  # from the end of the completion's 年度
    RecordType.TELEWORK: 5 * 365 + 2,  # from the end of the pilot's 年度
    RecordType.DOCUMENT_OPENS: 5 * 365 + 2,  # from the end of the meeting's 年度
    RecordType.ASSISTANT_INQUIRY: 366,  # from receipt
    RecordType.ASSISTANT_CALLBACK: 366,  # from receipt
    RecordType.PAPER_SCANS: 366,  # from intake (what was accepted lives on in its Application)
    RecordType.OPENDATA_SHOWCASE: 366,  # from the decision (掲載する・しない)
    RecordType.DATA_REQUEST: 3 * 365 + 1,  # from the department's answer
    RecordType.NOTICE_LETTERS: 366,  # from the batch's print date (送付の日)
}
# The record types the scheduled purge removes, in the order it lists them: the app's retention
# service (the contract in core.retention) and the record kind each is to it.
PURGED: dict[str, tuple[ModuleType, str]] = {
    RecordType.DRAFT: (applications.retention, "draft"),
    RecordType.ATTACHMENT: (applications.retention, "attachment"),
    RecordType.APPLICATION: (applications.retention, "application"),
    RecordType.CLASS_REGISTRATION: (learning.retention, "registration"),
    RecordType.STAFF_TRAINING: (learning.retention, "staff_training"),
    RecordType.TELEWORK: (workstyle.retention, "telework"),
    RecordType.DOCUMENT_OPENS: (workstyle.retention, "document_opens"),
    RecordType.ASSISTANT_INQUIRY: (assistant.retention, "inquiry"),
    RecordType.ASSISTANT_CALLBACK: (assistant.retention, "callback"),
    RecordType.PAPER_SCANS: (paper.retention, "batch"),
    RecordType.OPENDATA_SHOWCASE: (opendata.retention, "showcase"),
    RecordType.DATA_REQUEST: (opendata.retention, "data_request"),
    RecordType.NOTICE_LETTERS: (notices.retention, "letter"),
}
BATCH = 200


@dataclass(frozen=True)
class Rule:
    record_type: str
    procedure: str  # "" = every procedure without a rule of its own
    keep_days: int | None  # None = not by time: on request
    note: str = ""
    stored: bool = False  # False: the built-in default

    @property
    def label(self) -> str:
        return str(RecordType(self.record_type).label)


def rules() -> list[Rule]:
    """The rules in force: each record type's default (or its stored replacement), then the
    rules for single procedures."""
    stored = {(r.record_type, r.procedure): r for r in RetentionRule.objects.all()}
    result = []
    for record_type, days in DEFAULTS.items():
        row = stored.pop((record_type, ""), None)
        result.append(
            Rule(record_type, "", row.keep_days, row.note, True) if row else Rule(record_type, "", days)
        )
    result += [
        Rule(r.record_type, r.procedure, r.keep_days, r.note, True)
        for r in sorted(stored.values(), key=lambda r: (r.record_type, r.procedure))
    ]
    return result


@transaction.atomic
def set_rule(
    *, by, record_type: str, procedure: str = "", keep_days: int | None, note: str = ""
) -> RetentionRule:
    """保存期間の設定 for a record type, for all procedures or one (by its code)."""
    _require_office(by)
    if record_type not in RecordType.values:
        raise ValidationError({"record_type": [_("記録の種類を選んでください。")]})
    if keep_days is not None and keep_days < 1:
        raise ValidationError({"keep_days": [_("保存日数は1日以上にしてください。")]})
    procedure = (procedure or "").strip()
    rule, _created = RetentionRule.objects.update_or_create(
        record_type=record_type, procedure=procedure, defaults={"keep_days": keep_days, "note": note}
    )
    record_event(
        rule,
        verb=Verb.RETENTION_RULE_SET,
        actor=by,
        data={"record_type": record_type, "procedure": procedure, "keep_days": keep_days},
    )
    return rule


# ---------------------------------------------------------------- legal holds


@transaction.atomic
def place_hold(
    *, by, reason: str, person: Person | None = None, application_id: int | None = None
) -> LegalHold:
    """リーガルホールド on a resident (all their records) or one application."""
    _require_office(by)
    if (person is None) == (application_id is None):
        raise ValidationError(_("住民か申請のどちらか一つを指定してください。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("保存する理由を入力してください（例：訴訟のため）。")]})
    label = ""
    if application_id is not None:
        application = applications.get_application(pk=application_id)
        if application is None:
            raise ValidationError({"application": [_("その申請は見つかりません。")]})
        label = application.receipt_number or f"#{application.pk}"
    hold = LegalHold.objects.create(
        person=person, application_id=application_id, label=label, reason=reason.strip(), placed_by=by
    )
    record_event(hold, verb=Verb.HOLD_PLACED, actor=by)
    return hold


@transaction.atomic
def release_hold(hold: LegalHold, *, by) -> LegalHold:
    _require_office(by)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise ValidationError(_("このリーガルホールドは解除済みです。"))
    hold.released_at, hold.released_by = timezone.now(), by
    hold.save(update_fields=["released_at", "released_by"])
    record_event(hold, verb=Verb.HOLD_RELEASED, actor=by)
    return hold


def holds(*, active: bool = True):
    qs = LegalHold.objects.select_related("person", "placed_by", "released_by")
    return qs.filter(released_at=None) if active else qs


def _held() -> tuple[set[int], set[int]]:
    """(person ids, application ids) under an active hold."""
    persons, application_ids = set(), set()
    for person_id, application_id in holds().values_list("person_id", "application_id"):
        if person_id:
            persons.add(person_id)
        if application_id:
            application_ids.add(application_id)
    return persons, application_ids


# ---------------------------------------------------------------- the purge


@dataclass
class Plan:
    """What a purge would remove now (a dry run), and what it must leave."""

    items: list[PurgeItem] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # (record type, reason) → n

    def counts(self) -> dict[str, int]:
        return dict(Counter(item.record_type for item in self.items))


def _skip_reason(item: PurgeItem, held: tuple[set[int], set[int]], open_cases: set) -> str:
    if item.person_ref in held[0] or item.application_ref in held[1]:
        return "held"
    if (item.person_ref, item.procedure) in open_cases:
        return "open_case"
    return ""


def plan(*, now: datetime | None = None) -> Plan:
    """The candidates past retention, without holds and open cases (nothing is written)."""
    now = now or timezone.now()
    held, open_cases = _held(), applications.retention.open_cases()
    result = Plan()
    in_force = rules()
    for record_type, (source, kind) in PURGED.items():
        own = [r for r in in_force if r.record_type == record_type and r.procedure]
        scopes: list[tuple[list[str] | None, int | None, list[str]]] = [
            ([r.procedure], r.keep_days, []) for r in own
        ]
        general = next(r for r in in_force if r.record_type == record_type and not r.procedure)
        scopes.append((None, general.keep_days, [r.procedure for r in own]))
        for procedures, days, exclude in scopes:
            if days is None:
                continue
            cutoff = now - timedelta(days=days)
            for c in source.retention_candidates(kind, cutoff=cutoff, procedures=procedures, exclude=exclude):
                item = PurgeItem(
                    record_type=record_type,
                    record_id=c.pk,
                    label=c.label[:60],
                    person_ref=c.person_id,
                    application_ref=c.application_id,
                    procedure=c.procedure,
                    cutoff=cutoff,
                )
                reason = _skip_reason(item, held, open_cases)
                if reason:
                    result.skipped[(record_type, reason)] += 1
                else:
                    result.items.append(item)
    return result


def _start(by, now: datetime | None) -> PurgeRun:
    """The unfinished run (resumed), or a new run with its candidates listed."""
    with transaction.atomic():
        run = PurgeRun.objects.select_for_update().filter(status=PurgeRun.Status.RUNNING).first()
        if run is not None:
            run.resumed += 1
            run.save(update_fields=["resumed"])
            record_event(run, verb=Verb.PURGE_RESUMED, actor=by, data={"resumed": run.resumed})
            return run
    try:
        with transaction.atomic():
            found = plan(now=now)
            run = PurgeRun.objects.create(started_by=by if getattr(by, "pk", None) else None)
            for item in found.items:
                item.run = run
            PurgeItem.objects.bulk_create(found.items, batch_size=1000)
            run.counts = {"listed": found.counts(), "skipped": _nested(found.skipped)}
            run.save(update_fields=["counts"])
            record_event(run, verb=Verb.PURGE_STARTED, actor=by, data={"listed": len(found.items)})
            return run
    except IntegrityError:  # another start created the run a moment ago: continue that one
        return PurgeRun.objects.get(status=PurgeRun.Status.RUNNING)


def _nested(counter: Counter) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {}
    for (record_type, outcome), n in sorted(counter.items()):
        result.setdefault(record_type, {})[outcome] = n
    return result


def _delete_pending_files(run: PurgeRun) -> None:
    for item in run.items.filter(status=PurgeItem.Status.FILES).order_by("pk"):
        PURGED[item.record_type][0].delete_files(item.files)
        PurgeItem.objects.filter(pk=item.pk).update(status=PurgeItem.Status.DONE, files=[])


def _process_batch(run: PurgeRun, size: int) -> int:
    """Remove one batch in one transaction; returns how many items it handled."""
    with transaction.atomic():
        items = list(
            run.items.select_for_update().filter(status=PurgeItem.Status.PENDING).order_by("pk")[:size]
        )
        if not items:
            return 0
        held, open_cases = _held(), applications.retention.open_cases()
        now = timezone.now()
        for item in items:
            item.processed_at = now
            reason = _skip_reason(item, held, open_cases)
            removed = (
                None
                if reason
                else PURGED[item.record_type][0].remove_record(
                    PURGED[item.record_type][1], item.record_id, cutoff=item.cutoff
                )
            )
            if reason or removed is None:
                item.status, item.outcome = PurgeItem.Status.SKIPPED, reason or "gone"
                continue
            item.outcome, item.files = removed.action, removed.files
            item.status = PurgeItem.Status.FILES if removed.files else PurgeItem.Status.DONE
        PurgeItem.objects.bulk_update(items, ["status", "outcome", "files", "processed_at"])
    return len(items)


def purge(
    *,
    by=None,
    batch_size: int = BATCH,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> PurgeRun:
    """削除・匿名化: continue the unfinished run or start one, and work it to the end.

    `by` is the staff member who started it from the command line or None (the scheduled job)."""
    if by is not None:
        _require_office(by)
    run = _start(by, now)
    _delete_pending_files(run)  # left by a run killed between a batch and its files
    done = 0
    while handled := _process_batch(run, batch_size):
        _delete_pending_files(run)
        done += handled
        if progress:
            progress(done)
    return _finish(run, by)


@transaction.atomic
def _finish(run: PurgeRun, by) -> PurgeRun:
    run = PurgeRun.objects.select_for_update().get(pk=run.pk)
    if run.status == PurgeRun.Status.DONE:
        return run
    outcomes = Counter(run.items.values_list("record_type", "outcome"))
    run.counts = {**run.counts, "outcome": _nested(outcomes)}
    run.status, run.finished_at = PurgeRun.Status.DONE, timezone.now()
    run.save(update_fields=["counts", "status", "finished_at"])
    record_event(run, verb=Verb.PURGE_COMPLETED, actor=by, data={"outcome": run.counts["outcome"]})
    return run


def purge_runs():
    return PurgeRun.objects.all()


def can_manage_retention(user) -> bool:
    office = security_office()
    return access.can(user, access.SECURITY_MANAGE, office.pk if office else None)


def managed_hold(user, pk) -> LegalHold:
    """One legal hold for the security office's staff (404 for anyone else)."""
    return office_record(holds(active=False), user, pk)
