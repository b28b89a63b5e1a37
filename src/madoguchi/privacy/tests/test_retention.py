"""Retention and purge (保存期間と削除): what is past retention goes or is anonymised; holds, open
cases, the audit chain and past years' indicator figures stay; a killed purge resumes."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from madoguchi.applications import services as applications
from madoguchi.applications.models import Application, Attachment, InternalNote, State
from madoguchi.applications.tests.factories import ApplicationFactory, InternalNoteFactory
from madoguchi.core import audit
from madoguchi.core.events import events_for, record_event
from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.core.models import Channel, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, staff_member
from madoguchi.pdca.metrics import metrics
from madoguchi.privacy import services
from madoguchi.privacy.events import Verb
from madoguchi.privacy.models import PurgeItem, PurgeRun, RecordType

pytestmark = pytest.mark.django_db
R = StaffRole.Role
NOW = timezone.now()
YEAR = timedelta(days=365)


@pytest.fixture
def officer():
    office = DepartmentFactory(code="johokanri", name="情報管理課")
    return staff_member(office, R.SYSADMIN, username="johokanri-admin")


def case(
    *,
    state=State.COMPLETED,
    finished_ago,
    submitted_ago=None,
    applicant=None,
    files=0,
    channel=Channel.ONLINE,
):
    """A received case finished `finished_ago`, with `files` attachments and a staff note."""
    kwargs = {"applicant": applicant} if applicant else {}
    application = ApplicationFactory(submitted=True, channel=channel, **kwargs)
    submitted_at = NOW - (submitted_ago or finished_ago + timedelta(days=20))
    finished = NOW - finished_ago
    Application.objects.filter(pk=application.pk).update(
        state=state,
        submitted_at=submitted_at,
        decided_at=finished if state != State.WITHDRAWN else None,
        completed_at=finished if state == State.COMPLETED else None,
        updated_at=finished,
        correction_reason="住所の記載をご確認ください",
        correction_snapshot={"data": {"name": "国分寺 太郎"}, "attachments": []},
        secret_data="encrypted-number",
    )
    for n in range(files):
        attachment = Attachment(
            application=application,
            kind="本人確認書類",
            original_name="免許証.pdf",
            content_type="application/pdf",
            size=4,
            sha256="0" * 64,
        )
        attachment.file.save(f"id-{n}.pdf", ContentFile(b"%PDF"), save=False)
        attachment.save()
    InternalNoteFactory(application=application, text="電話で本人に確認")
    record_event(application, verb="submitted", channel=channel)
    application.refresh_from_db()
    return application


def draft(*, changed_ago):
    application = ApplicationFactory()
    Application.objects.filter(pk=application.pk).update(updated_at=NOW - changed_ago)
    return application


def figures(years):
    """Every registered metric's value and breakdown for the given 年度."""
    result = {}
    for m in metrics:
        for year in years:
            result[(m.code, year)] = (m.value(year), dict(m.breakdown(year, None)) if m.breakdown else None)
    return result


def past_years():
    return range(fiscal_year(timezone.localdate()) - 8, fiscal_year(timezone.localdate()))


@pytest.fixture
def records():
    old = case(finished_ago=6 * YEAR, files=2)
    old_paper = case(finished_ago=7 * YEAR, channel=Channel.PAPER, applicant=old.applicant)
    old_withdrawn = case(state=State.WITHDRAWN, finished_ago=5 * YEAR + timedelta(days=30))
    recent = case(finished_ago=2 * YEAR, files=1)
    fresh = case(finished_ago=30 * timedelta(days=1), files=1)
    open_case = case(state=State.UNDER_REVIEW, finished_ago=7 * YEAR, files=1)
    same_procedure_open = case(finished_ago=6 * YEAR, files=1)
    later = ApplicationFactory(
        submitted=True,
        applicant=same_procedure_open.applicant,
        procedure_version=same_procedure_open.procedure_version,
    )
    return {
        "old": old,
        "old_paper": old_paper,
        "old_withdrawn": old_withdrawn,
        "recent": recent,
        "fresh": fresh,
        "open": open_case,
        "needed_by_open": same_procedure_open,
        "later": later,
        "old_draft": draft(changed_ago=timedelta(days=40)),
        "new_draft": draft(changed_ago=timedelta(days=10)),
    }


def stored_files(application):
    return [a.file.name for a in Attachment.objects.filter(application=application)]


def test_purge_removes_what_is_past_retention_and_keeps_chain_and_figures(records, officer):
    files_before = {key: stored_files(a) for key, a in records.items()}
    before = figures(past_years())
    assert any(value for value, _b in before.values()), "the figures must count something to mean anything"

    run = services.purge(by=officer)

    old = Application.objects.get(pk=records["old"].pk)
    assert (old.data, old.secret_data, old.correction_reason, old.correction_snapshot) == ({}, "", "", {})
    assert (
        old.receipt_number == records["old"].receipt_number
        and old.applicant_id == records["old"].applicant_id
    )
    assert not InternalNote.objects.filter(application=old).exists()
    assert not Attachment.objects.filter(application=old).exists()
    assert not any(default_storage.exists(name) for name in files_before["old"])
    for key in ("old_paper", "old_withdrawn"):
        assert Application.objects.get(pk=records[key].pk).data == {}

    recent = Application.objects.get(pk=records["recent"].pk)
    assert recent.data == records["recent"].data  # the case is kept 5 years
    assert not Attachment.objects.filter(application=recent).exists()  # its files only 1 year
    assert not default_storage.exists(files_before["recent"][0])

    for key in ("fresh", "open", "needed_by_open", "later"):
        kept = Application.objects.get(pk=records[key].pk)
        assert kept.data == records[key].data, key
        assert stored_files(kept) == files_before[key], key
    assert all(default_storage.exists(name) for name in files_before["open"])

    assert not Application.objects.filter(pk=records["old_draft"].pk).exists()
    assert Application.objects.filter(pk=records["new_draft"].pk).exists()

    assert audit.verify().ok
    call_command("audit", "verify")  # the command users run exits 0
    assert figures(past_years()) == before

    assert run.status == PurgeRun.Status.DONE
    outcome = run.counts["outcome"]
    assert outcome[RecordType.APPLICATION]["anonymised"] == 3
    assert outcome[RecordType.DRAFT]["deleted"] == 1
    # the old case's two (listed before the cases), the recent case's one
    assert outcome[RecordType.ATTACHMENT]["deleted"] == 3
    assert run.counts["skipped"][RecordType.APPLICATION]["open_case"] == 1
    assert [e.verb for e in events_for(run)] == [Verb.PURGE_STARTED, Verb.PURGE_COMPLETED]


def test_purge_twice_removes_nothing_more(records, officer):
    services.purge(by=officer)
    second = services.purge(by=officer)
    assert second.items.count() == 0
    assert PurgeRun.objects.count() == 2


def test_dry_run_lists_and_changes_nothing(records, officer, capsys):
    snapshot = list(Application.objects.order_by("pk").values())
    attachments = list(Attachment.objects.order_by("pk").values_list("pk", flat=True))
    found = services.plan()
    assert {(i.record_type, i.record_id) for i in found.items} >= {
        (RecordType.APPLICATION, records["old"].pk),
        (RecordType.DRAFT, records["old_draft"].pk),
    }
    call_command("privacy", "purge", "--dry-run")
    out = capsys.readouterr().out
    assert records["old"].receipt_number in out and "dry run" in out
    assert list(Application.objects.order_by("pk").values()) == snapshot
    assert list(Attachment.objects.order_by("pk").values_list("pk", flat=True)) == attachments
    assert not PurgeRun.objects.exists()


def test_legal_hold_is_never_crossed(records, officer):
    held_person = records["old"].applicant  # also the applicant of old_paper
    services.place_hold(by=officer, person=held_person, reason="訴訟のため")
    services.place_hold(by=officer, application_id=records["old_withdrawn"].pk, reason="審査請求のため")
    run = services.purge(by=officer)
    for key in ("old", "old_paper", "old_withdrawn"):
        assert Application.objects.get(pk=records[key].pk).data == records[key].data, key
    assert len(stored_files(records["old"])) == 2
    assert run.counts["skipped"][RecordType.APPLICATION]["held"] == 3


def test_hold_placed_during_a_run_is_respected(records, officer):
    """The candidates were listed before the hold: each batch re-reads the holds."""
    placed = []

    def hold_after_first_batch(done):
        if not placed:  # drafts and files come first; the old cases are still pending
            placed.append(
                services.place_hold(by=officer, person=records["old"].applicant, reason="訴訟のため")
            )

    run = services.purge(by=officer, batch_size=1, progress=hold_after_first_batch)
    assert placed
    assert Application.objects.get(pk=records["old"].pk).data == records["old"].data
    assert run.items.filter(outcome="held").count() >= 2


def test_killed_purge_resumes_without_double_deleting_or_orphans(records, officer, monkeypatch):
    files_before = {key: stored_files(a) for key, a in records.items()}
    real = applications.retention.remove_record
    calls = {"n": 0}

    def dies_on_the_fourth(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise SystemExit("kill -9")
        return real(*args, **kwargs)

    monkeypatch.setattr(applications.retention, "remove_record", dies_on_the_fourth)
    with pytest.raises(SystemExit):
        services.purge(by=officer, batch_size=2)
    run = PurgeRun.objects.get()
    assert run.status == PurgeRun.Status.RUNNING
    assert run.items.filter(status=PurgeItem.Status.DONE).count() == 2  # the first batch only
    assert run.items.filter(status=PurgeItem.Status.PENDING).exists()

    monkeypatch.setattr(applications.retention, "remove_record", real)
    resumed = services.purge(by=officer, batch_size=2)
    assert resumed.pk == run.pk and resumed.resumed == 1 and resumed.status == PurgeRun.Status.DONE
    assert not resumed.items.exclude(status__in=[PurgeItem.Status.DONE, PurgeItem.Status.SKIPPED]).exists()
    assert resumed.counts["outcome"][RecordType.APPLICATION]["anonymised"] == 3
    assert not resumed.items.filter(outcome="gone").exclude(record_type=RecordType.ATTACHMENT).exists()
    for key in ("old", "recent"):
        assert not any(default_storage.exists(name) for name in files_before[key])
    names = set(Attachment.objects.values_list("file", flat=True))
    assert all(default_storage.exists(name) for name in names)  # no row without its file
    assert audit.verify().ok


def test_killed_between_batch_and_files_deletes_the_files_on_restart(records, officer, monkeypatch):
    files = stored_files(records["old"])
    monkeypatch.setattr(
        applications.retention, "delete_files", lambda names: (_ for _ in ()).throw(SystemExit("kill -9"))
    )
    with pytest.raises(SystemExit):
        services.purge(by=officer)
    assert PurgeItem.objects.filter(status=PurgeItem.Status.FILES).exists()
    assert all(default_storage.exists(name) for name in files)
    monkeypatch.undo()
    services.purge(by=officer)
    assert not any(default_storage.exists(name) for name in files)
    assert not PurgeItem.objects.filter(status=PurgeItem.Status.FILES).exists()


def test_rule_for_one_procedure_overrides_the_default(records, officer):
    procedure = records["recent"].procedure.code
    services.set_rule(by=officer, record_type=RecordType.APPLICATION, procedure=procedure, keep_days=365)
    services.purge(by=officer)
    assert Application.objects.get(pk=records["recent"].pk).data == {}
    assert Application.objects.get(pk=records["fresh"].pk).data == records["fresh"].data


def test_on_request_rule_purges_nothing_by_time(records, officer):
    services.set_rule(by=officer, record_type=RecordType.DRAFT, keep_days=None)
    services.purge(by=officer)
    assert Application.objects.filter(pk=records["old_draft"].pk).exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"record_type": "nothing", "keep_days": 5}, "記録の種類を選んでください。"),
        ({"record_type": RecordType.DRAFT, "keep_days": 0}, "保存日数は1日以上にしてください。"),
    ],
)
def test_bad_rule_is_refused_and_changes_nothing(officer, kwargs, message):
    with pytest.raises(ValidationError) as exc:
        services.set_rule(by=officer, **kwargs)
    assert message in str(exc.value)
    assert services.rules()[0].stored is False


def test_a_hold_needs_one_target_and_a_reason(officer):
    person = PersonFactory()
    with pytest.raises(ValidationError):
        services.place_hold(by=officer, reason="訴訟のため")
    with pytest.raises(ValidationError):
        services.place_hold(by=officer, person=person, reason=" ")


def test_only_the_security_office_runs_the_purge(records):
    clerk = staff_member(DepartmentFactory(), R.APPROVAL, username="other-chief")
    with pytest.raises(PermissionDenied):
        services.purge(by=clerk)
    assert Application.objects.filter(pk=records["old_draft"].pk).exists()
