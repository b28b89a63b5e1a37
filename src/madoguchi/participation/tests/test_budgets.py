"""参加型予算: the ballot within the amount (or within a number of choices), one ballot per
resident even when two arrive at once, paper ballots typed in by staff, and a count that matches
a hand count of the demo's ballots."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from madoguchi.core.models import Event
from madoguchi.core.tests.factories import DepartmentFactory, HouseholdFactory, PersonFactory, staff_member
from madoguchi.identity.testing import login_resident, login_staff, resident_user
from madoguchi.participation import demo, services
from madoguchi.participation.models import (
    Ballot,
    Budget,
    BudgetPhase,
    BudgetProject,
    Participation,
    Process,
    Result,
)

pytestmark = pytest.mark.django_db

FEASIBLE = BudgetProject.Feasibility.FEASIBLE


@pytest.fixture
def budget(parks):
    return Budget.objects.create(process=parks, title="公園をよくする予算", amount=1_000_000)


@pytest.fixture
def projects(budget, proposal):
    """Three feasible projects (one from a resident's proposal) and one that cannot be done."""
    return {
        "bench": BudgetProject.objects.create(
            budget=budget, proposal=proposal, title="ベンチ", cost=600_000, feasibility=FEASIBLE
        ),
        "light": BudgetProject.objects.create(
            budget=budget, title="照明", cost=500_000, feasibility=FEASIBLE
        ),
        "sign": BudgetProject.objects.create(budget=budget, title="看板", cost=300_000, feasibility=FEASIBLE),
        "pool": BudgetProject.objects.create(
            budget=budget, title="プール", cost=100, feasibility=BudgetProject.Feasibility.UNFEASIBLE
        ),
    }


@pytest.fixture
def voting(budget, projects):
    Budget.objects.filter(pk=budget.pk).update(phase=BudgetPhase.VOTING)
    budget.refresh_from_db()
    return budget


def ids(projects, *names):
    return [projects[n].pk for n in names]


def test_a_ballot_over_the_amount_is_refused_and_nothing_is_saved(voting, projects, young_resident):
    with pytest.raises(services.NotAllowed) as refused:
        services.cast_ballot(
            voting,
            person=young_resident,
            user=young_resident.user,
            project_ids=ids(projects, "bench", "light"),
        )
    assert refused.value.code == "over_budget"
    assert "1,100,000円" in refused.value.messages[0] and "1,000,000円" in refused.value.messages[0]
    assert Ballot.objects.count() == 0 and Participation.objects.count() == 0

    ballot = services.cast_ballot(
        voting, person=young_resident, user=young_resident.user, project_ids=ids(projects, "bench", "sign")
    )
    assert sorted(ballot.projects.values_list("title", flat=True)) == ["ベンチ", "看板"]
    assert Participation.objects.get().kind == Participation.Kind.BALLOT
    assert Event.objects.filter(verb="participation.ballot").count() == 1


@pytest.mark.parametrize(
    ("names", "code"),
    [((), "empty"), (("pool",), "unknown_project"), (("bench", "light", "sign"), "too_many")],
)
def test_approval_voting_allows_at_most_n_feasible_projects(voting, projects, young_resident, names, code):
    Budget.objects.filter(pk=voting.pk).update(method=Budget.Method.APPROVAL, max_selections=2)
    voting.refresh_from_db()
    with pytest.raises(services.NotAllowed) as refused:
        services.cast_ballot(
            voting, person=young_resident, user=young_resident.user, project_ids=ids(projects, *names)
        )
    assert refused.value.code == code
    # two projects are fine even though together they cost more than the amount
    services.cast_ballot(
        voting, person=young_resident, user=young_resident.user, project_ids=ids(projects, "bench", "light")
    )


def test_one_ballot_per_resident_and_only_while_voting(budget, projects, young_resident):
    vote = lambda: services.cast_ballot(  # noqa: E731
        budget, person=young_resident, user=young_resident.user, project_ids=ids(projects, "sign")
    )
    with pytest.raises(services.NotAllowed) as refused:
        vote()
    assert refused.value.code == "wrong_phase"
    Budget.objects.filter(pk=budget.pk).update(phase=BudgetPhase.VOTING)
    budget.refresh_from_db()
    vote()
    with pytest.raises(services.AlreadyDone):
        vote()
    with pytest.raises(services.NotAllowed) as refused:
        services.cast_ballot(budget, person=None, user=young_resident.user, project_ids=ids(projects, "sign"))
    assert refused.value.code == "not_verified"
    assert Ballot.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_ballots_by_one_resident_make_one_ballot(parks, young_resident):
    """Eight submits of the same resident's ballot at once (tabs, double clicks, two phones):
    one ballot is saved, the others are told they have already voted."""
    budget = Budget.objects.create(process=parks, title="同時投票", amount=1_000, phase=BudgetPhase.VOTING)
    project = BudgetProject.objects.create(budget=budget, title="看板", cost=100, feasibility=FEASIBLE)
    user = resident_user(young_resident)
    barrier = threading.Barrier(8)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.cast_ballot(
                Budget.objects.get(pk=budget.pk), person=young_resident, user=user, project_ids=[project.pk]
            )
            outcomes.append("saved")
        except services.AlreadyDone:
            outcomes.append("already")
        except Exception as exc:  # noqa: BLE001  (reported below)
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already"] * 7 + ["saved"]
    assert Ballot.objects.filter(budget=budget).count() == 1
    assert Participation.objects.filter(kind="ballot").count() == 1


def test_staff_register_paper_ballots_once_per_sheet(voting, projects, kyodo_staff):
    services.enter_paper_ballot(
        voting, by=kyodo_staff, project_ids=ids(projects, "light"), reference="票-001", age_band="70plus"
    )
    with pytest.raises(services.AlreadyDone):
        services.enter_paper_ballot(
            voting, by=kyodo_staff, project_ids=ids(projects, "sign"), reference="票-001"
        )
    with pytest.raises(services.NotAllowed) as refused:
        services.enter_paper_ballot(
            voting, by=kyodo_staff, project_ids=ids(projects, "bench", "light"), reference="票-002"
        )
    assert refused.value.code == "over_budget"
    other = staff_member(DepartmentFactory(), username="other-dept")
    with pytest.raises(PermissionDenied):
        services.enter_paper_ballot(voting, by=other, project_ids=ids(projects, "sign"), reference="票-003")
    ballot = Ballot.objects.get()
    assert ballot.channel == "paper" and ballot.person is None and ballot.entered_by == kyodo_staff
    participation = Participation.objects.get()
    assert (participation.channel, participation.age_band) == ("paper", "70plus")
    assert Event.objects.filter(verb="participation.paper_ballot_entered").count() == 1


def test_the_count_goes_down_by_votes_and_skips_what_no_longer_fits(voting, projects, proposal, kyodo_staff):
    choices = [("bench",), ("bench", "sign"), ("light", "sign"), ("light",), ("light", "sign")]
    for choice in choices:
        person = PersonFactory()
        services.cast_ballot(voting, person=person, user=None, project_ids=ids(projects, *choice))
    # votes: light 3, sign 3, bench 2. light (500,000) in; sign (300,000, same votes, cheaper than
    # nothing else) in; bench (600,000) no longer fits in the 200,000 left.
    count = services.publish_budget_results(voting, by=kyodo_staff)
    assert [(r.project.title, r.votes, r.selected) for r in count.projects] == [
        ("看板", 3, True),
        ("照明", 3, True),
        ("ベンチ", 2, False),
    ]
    assert count.allocated == 800_000 and count.ballots == 5
    voting.refresh_from_db()
    assert voting.phase == BudgetPhase.RESULTS and voting.results_published
    assert "残りの予算額に収まる" in services.count_method_text(voting)
    assert set(Result.objects.values_list("title", flat=True)) == {"看板", "照明"}
    assert Event.objects.filter(verb="participation.budget_results_published").count() == 1
    with pytest.raises(services.NotAllowed):  # counted once
        services.publish_budget_results(voting, by=kyodo_staff)


def test_the_demo_count_matches_a_hand_count(city, kyodo):
    """The demo's 12 online and 3 paper ballots, counted by hand:
    トイレ 9 (LT LB… see demo.BUDGET_BALLOTS_*), 照明 8, ボール遊び 7, ベンチ 6.
    トイレ 1,800,000 in (3,200,000 left), 照明 3,000,000 in (200,000 left), ボール遊び 800,000 and
    ベンチ 2,400,000 no longer fit; the unfeasible event project is not on the ballot."""
    staff_member(kyodo, username="kyodo")
    for i in range(14):
        PersonFactory(household=HouseholdFactory(), birth_date=datetime.date(1960 + i, 1, 15), is_demo=True)
    demo.load(lambda line: None)
    demo.load(lambda line: None)  # idempotent
    budget = Budget.objects.get(title=demo.BUDGET_TITLE)
    assert budget.phase == BudgetPhase.EXECUTION
    assert budget.ballots.count() == 15 and budget.ballots.filter(channel="paper").count() == 3
    table = {p.title: (p.votes, p.selected) for p in services.published_count(budget)}
    assert table == {
        "公園のトイレを洋式にする（市の事業）": (9, True),
        "夜間の照明を明るくする": (8, True),
        "ボール遊びができる時間帯をつくる": (7, False),
        "ベンチと日陰を増やす": (6, False),
    }
    lights = Result.objects.get(title="夜間の照明を明るくする")
    assert list(lights.proposals.values_list("title", flat=True)) == ["夜間の照明を明るくする"]
    assert Process.objects.get(title=demo.TITLE).budgets.count() == 1


def test_the_ballot_page_refuses_an_over_budget_ballot_and_keeps_the_choice(
    client, voting, projects, young_resident
):
    login_resident(client, young_resident)
    url = f"/participation/budgets/{voting.pk}/vote/"
    response = client.post(url, {"projects": ids(projects, "bench", "light")})
    html = response.content.decode()
    assert response.status_code == 400
    assert "予算額（1,000,000円）を超えています" in html
    assert "checked" in html and Ballot.objects.count() == 0
    response = client.post(url, {"projects": ids(projects, "bench", "sign")})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "すでに投票していただいています" in html


def test_staff_review_and_publish_through_the_pages(client, budget, proposal, kyodo_staff):
    login_staff(client, kyodo_staff)
    base = f"/participation/budgets/{budget.pk}"
    client.post(f"{base}/phase/", {"phase": "review"})
    client.post(
        f"{base}/review/",
        {"proposal": proposal.pk, "cost": "250000", "feasibility": "feasible", "note": "可能"},
    )
    project = BudgetProject.objects.get(proposal=proposal)
    assert (project.cost, project.feasibility, project.title) == (250_000, "feasible", proposal.title)
    client.post(f"{base}/phase/", {"phase": "voting"})
    response = client.post(
        f"{base}/paper/", {"reference": "票-1", "age_band": "60s", "projects": [project.pk]}
    )
    assert response.status_code == 302
    client.post(f"{base}/publish/")
    budget.refresh_from_db()
    assert budget.results_published and BudgetProject.objects.get().votes == 1
    html = client.get(f"{base}/").content.decode()
    assert "投票の結果" in html and "集計の方法" in html


def test_results_progress_and_what_happened_to_my_proposal(
    client, voting, projects, proposal, kyodo_staff, young_resident, django_capture_on_commit_callbacks
):
    """The author of the bench proposal follows it from review through the count to the work."""
    from django.core import mail

    from madoguchi.participation.models import ResultUpdate

    author = resident_user(young_resident)
    Proposal = type(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(author=author)
    for choice in [("bench",), ("bench",), ("light",)]:
        services.cast_ballot(voting, person=PersonFactory(), user=None, project_ids=ids(projects, *choice))
    services.publish_budget_results(voting, by=kyodo_staff)
    result = Result.objects.get(project=projects["bench"])
    assert list(result.proposals.all()) == [proposal]

    login_resident(client, young_resident)
    html = client.get("/participation/my/proposals/").content.decode()
    assert "ベンチと日陰を増やす" in html and "市が実施しています" in html and "2票" in html

    mail.outbox.clear()
    with pytest.raises(services.NotAllowed):
        services.update_result(result, by=kyodo_staff, status="done", progress=80, spent=1, text="…")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_result(
            result, by=kyodo_staff, status="in_progress", progress=50, spent=300_000, text="6基を設置"
        )
    result.refresh_from_db()
    assert (result.status, result.progress, result.spent) == ("in_progress", 50, 300_000)
    assert ResultUpdate.objects.get().text == "6基を設置"
    assert Event.objects.filter(verb="participation.result_updated").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [young_resident.email]
    assert "ベンチ" in mail.outbox[0].subject
    page = client.get(result.get_absolute_url()).content.decode()
    assert "6基を設置" in page and "300,000円" in page and proposal.get_absolute_url() in page
    with pytest.raises(PermissionDenied):
        services.update_result(result, by=author, status="done", progress=100, spent=0, text="…")


def test_my_proposals_needs_a_login(client):
    response = client.get("/participation/my/proposals/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_digest_tells_followers_about_budgets_results_votes_and_debates(
    parks, voting, projects, proposal, kyodo_staff, older_resident, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.utils import timezone

    from madoguchi.participation.models import Debate

    since = timezone.now() - datetime.timedelta(days=7)
    Proposal = type(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(created_at=since - datetime.timedelta(days=1))
    services.follow_process(parks, user=resident_user(older_resident))
    services.cast_ballot(voting, person=PersonFactory(), user=None, project_ids=ids(projects, "bench"))
    services.publish_budget_results(voting, by=kyodo_staff)
    result = Result.objects.get()
    services.update_result(
        result, by=kyodo_staff, status="in_progress", progress=30, spent=1, text="設置を始めました"
    )
    for _ in range(3):
        services.support_proposal(proposal, person=PersonFactory(), user=None)
    services.open_referendum(Proposal.objects.get(pk=proposal.pk), by=kyodo_staff, kind="consultative")
    Debate.objects.create(process=parks, title="ボール遊びを認めるべきか")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(since=since) == 1
    [message] = mail.outbox
    assert "参加型予算「公園をよくする予算」: 結果の公表の段階になりました" in message.body
    assert "実施状況「ベンチ」（進捗 30%）: 設置を始めました" in message.body
    assert "提案「ベンチと日陰を増やす」が市民の投票にかけられました" in message.body
    assert "新しい議論: ボール遊びを認めるべきか" in message.body
