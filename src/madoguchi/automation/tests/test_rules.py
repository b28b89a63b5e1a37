"""自動処理ルール (RPA): a rule acts through the applications services and names itself in an
Event; a replayed Event acts once; a dry run changes nothing; failures are retried, and a rule
that keeps failing is paused and its owner told."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from madoguchi.applications import services as cases
from madoguchi.automation import services
from madoguchi.automation.models import Rule, RuleRun
from madoguchi.automation.services.rules import active_rules
from madoguchi.core.models import Event, Notification, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, PersonFactory, staff_member
from madoguchi.identity.testing import resident_user
from madoguchi.procedures.tests.factories import ProcedureVersionFactory

pytestmark = pytest.mark.django_db
ONLINE = [{"path": "channel", "op": "equals", "value": "online"}]


@pytest.fixture
def procedure():
    MunicipalityFactory()
    return ProcedureVersionFactory(procedure__code="rules-genkyo").procedure


@pytest.fixture
def owner(procedure):
    return staff_member(procedure.department, StaffRole.Role.REVIEW, username="rule-owner")


def submit(procedure, channel="online"):
    person = PersonFactory()
    return cases.submit_application(
        procedure,
        applicant=person,
        data={"full_name": "国分寺　花子"},
        channel=channel,
        by=resident_user(person),
    )


def review_rule(procedure, owner, **kwargs):
    return services.save_rule(
        procedure.department,
        by=owner,
        name="オンラインの申請は審査開始",
        verb="submitted",
        procedure_code=procedure.code,
        action="start_review",
        conditions=ONLINE,
        **kwargs,
    )


def events(application, verb):
    return Event.objects.filter(
        subject_type="applications.application", subject_id=str(application.pk), verb=verb
    )


def test_a_rule_acts_through_the_services_and_a_replayed_event_acts_once(
    procedure, owner, django_capture_on_commit_callbacks
):
    rule = review_rule(procedure, owner)
    with django_capture_on_commit_callbacks(execute=True):
        online = submit(procedure)
        counter = submit(procedure, channel="counter")
    online.refresh_from_db()
    counter.refresh_from_db()
    assert (online.state, counter.state) == ("under_review", "submitted")
    [applied] = events(online, "rule_applied")
    assert (applied.data["rule"], applied.data["rule_name"], applied.actor) == (rule.pk, rule.name, owner)
    assert events(online, "review_started").get().actor == owner  # the service's own Event
    submitted = events(online, "submitted").get()
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch(submitted)  # the same Event again (a replay, a redelivered message)
        services.dispatch(submitted)
    assert events(online, "review_started").count() == 1
    assert events(online, "rule_applied").count() == 1
    assert sorted(RuleRun.objects.values_list("outcome", flat=True)) == ["done", "skipped"]


def test_events_written_by_a_rule_set_off_no_rule(procedure, owner, django_capture_on_commit_callbacks):
    review_rule(procedure, owner)
    services.save_rule(
        procedure.department,
        by=owner,
        name="審査開始でメモ",
        verb="review_started",
        procedure_code=procedure.code,
        action="note",
        params={"text": "自動で審査を開始しました"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(procedure)
    assert not events(application, "note_added").exists()  # no chain from the rule's own Event


def test_a_dry_run_shows_what_the_rule_would_do_and_changes_nothing(procedure, owner):
    online, counter = submit(procedure), submit(procedure, channel="counter")
    rule = review_rule(procedure, owner)
    before = (Event.objects.count(), RuleRun.objects.count(), sorted(cases.application_states().values))
    rows = services.dry_run(rule, months=3)
    assert [(r.receipt_number, r.would_act, r.already_run) for r in rows] == [
        (online.receipt_number, True, False),
        (counter.receipt_number, False, False),
    ]
    assert (Event.objects.count(), RuleRun.objects.count()) == before[:2]
    online.refresh_from_db()
    assert online.state == "submitted"
    with pytest.raises(ValidationError, match="1から24か月"):
        services.dry_run(rule, months=0)


def test_a_failing_rule_is_retried_then_paused_and_its_owner_told(
    procedure, owner, django_capture_on_commit_callbacks
):
    rule = review_rule(procedure, owner)
    StaffRole.objects.filter(user=owner).delete()  # the owner moved: the service refuses them
    for n in range(services.rules.PAUSE_AFTER):
        with django_capture_on_commit_callbacks(execute=True):
            application = submit(procedure)
        application.refresh_from_db()
        assert application.state == "submitted"
    runs = list(RuleRun.objects.order_by("pk"))
    assert [(r.outcome, r.attempts) for r in runs] == [("failed", services.rules.MAX_RETRIES + 1)] * 3
    assert "PermissionDenied" in runs[0].error
    rule.refresh_from_db()
    assert (rule.status, rule.failures) == ("paused", 3)
    assert Notification.objects.filter(recipient_user=owner, template="automation/rule_paused").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        submit(procedure)
    assert RuleRun.objects.count() == 3  # a paused rule does not run


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"verb": "note_added"}, "verb", "きっかけになるイベント"),
        ({"procedure_code": "no-such"}, "procedure_code", "この部署の手続"),
        ({"action": "assign", "params": {"assignee": "nobody"}}, "assignee", "審査できる職員"),
        ({"action": "note"}, "text", "文面を入力"),
        ({"conditions": [{"path": "channel", "op": "like"}]}, "conditions", "比べ方"),
        ({"name": " "}, "name", "名称を入力"),
    ],
)
def test_a_bad_rule_says_why_and_is_not_saved(procedure, owner, kwargs, field, message):
    values = {
        "name": "ルール",
        "verb": "submitted",
        "procedure_code": procedure.code,
        "action": "start_review",
        **kwargs,
    }
    with pytest.raises(ValidationError) as caught:
        services.save_rule(procedure.department, by=owner, **values)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Rule.objects.exists()


def test_another_department_cannot_make_a_rule_for_the_procedure(procedure):
    outsider = staff_member(DepartmentFactory(), StaffRole.Role.REVIEW, username="rule-outsider")
    with pytest.raises(PermissionDenied):
        review_rule(procedure, outsider)
    assert not Rule.objects.exists()


def test_staff_make_a_rule_on_the_page_and_see_its_dry_run(client, procedure, owner):
    from madoguchi.identity.testing import login_staff

    submit(procedure)
    login_staff(client, owner)
    assert client.get("/staff/automation/rules/").status_code == 200
    bad = client.post(
        "/staff/automation/rules/",
        {
            "department": procedure.department.pk,
            "name": "メモ",
            "verb": "submitted",
            "procedure_code": procedure.code,
            "action": "note",
        },
    )
    assert "文面を入力" in bad.content.decode() and not Rule.objects.exists()
    made = client.post(
        "/staff/automation/rules/",
        {
            "department": procedure.department.pk,
            "name": "オンラインは審査開始",
            "verb": "submitted",
            "procedure_code": procedure.code,
            "condition_path": "channel",
            "condition_op": "equals",
            "condition_value": "online",
            "action": "start_review",
        },
    )
    rule = Rule.objects.get()
    assert made.status_code == 302 and rule.conditions == ONLINE
    page = client.get(f"/staff/automation/rules/{rule.pk}/").content.decode()
    assert "1件で処理をしたはず" in page
    assert (
        "1から24か月" in client.get(f"/staff/automation/rules/{rule.pk}/", {"months": "x"}).content.decode()
    )
    client.post(f"/staff/automation/rules/{rule.pk}/", {"status": "paused"})
    rule.refresh_from_db()
    assert rule.status == "paused"


# The active rules, read once per process while none changes (every submit dispatches its Event to
# them): a new, paused or edited rule is seen by the next Event.


def test_the_active_rules_are_read_once_while_none_changes(
    page_cache, procedure, owner, django_assert_num_queries
):
    review_rule(procedure, owner)
    assert [rule.name for rule in active_rules()] == ["オンラインの申請は審査開始"]
    with django_assert_num_queries(0):
        active_rules()


def test_a_new_and_a_paused_rule_are_seen_by_the_next_event(
    page_cache, procedure, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        before = submit(procedure)  # no rule yet: read and kept
    rule = review_rule(procedure, owner)
    with django_capture_on_commit_callbacks(execute=True):
        acted = submit(procedure)
    services.set_rule_status(rule, by=owner, status=Rule.Status.PAUSED)
    with django_capture_on_commit_callbacks(execute=True):
        after = submit(procedure)
    for application in (before, acted, after):
        application.refresh_from_db()
    assert (before.state, acted.state, after.state) == ("submitted", "under_review", "submitted")
