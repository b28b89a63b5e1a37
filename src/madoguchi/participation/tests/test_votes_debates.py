"""投票と議論: a proposal that reached its support threshold is put to a vote (CONSUL's supports →
vote), once per resident, binding or consultative; debates gather arguments for and against."""

import pytest
from django.core.exceptions import PermissionDenied

from madoguchi.core.models import Event
from madoguchi.core.tests.factories import PersonFactory, UserFactory
from madoguchi.identity.testing import login_resident, login_staff, resident_user
from madoguchi.participation import services
from madoguchi.participation.models import Argument, Debate, Participation, Proposal, Referendum

pytestmark = pytest.mark.django_db


def support_by(proposal, n):
    for _ in range(n):
        person = PersonFactory()
        services.support_proposal(proposal, person=person, user=None)


def test_only_a_proposal_at_its_threshold_goes_to_a_vote(proposal, kyodo_staff, moderator):
    support_by(proposal, 2)  # the threshold is 3
    with pytest.raises(services.NotAllowed) as refused:
        services.open_referendum(proposal, by=kyodo_staff, kind="binding")
    assert refused.value.code == "below_threshold"
    support_by(proposal, 1)
    outsider = UserFactory(username="resident-not-staff")
    with pytest.raises(PermissionDenied):
        services.open_referendum(proposal, by=outsider, kind="binding")
    referendum = services.open_referendum(proposal, by=kyodo_staff, kind="binding")
    assert referendum.question == "「ベンチと日陰を増やす」に賛成ですか"
    assert Proposal.objects.get(pk=proposal.pk).status == "evaluating"
    with pytest.raises(services.AlreadyDone):
        services.open_referendum(proposal, by=kyodo_staff, kind="binding")
    assert Event.objects.filter(verb="participation.referendum_opened").count() == 1


@pytest.mark.parametrize(
    ("kind", "votes", "status", "passed"),
    [
        ("binding", ["yes", "yes", "no", "blank"], "accepted", True),
        ("binding", ["yes", "no", "no"], "rejected", False),
        ("consultative", ["yes", "yes", "no"], "evaluating", True),  # advice: the city answers
    ],
)
def test_one_vote_each_and_a_binding_vote_decides(
    proposal, kyodo_staff, young_resident, kind, votes, status, passed
):
    support_by(proposal, 3)
    referendum = services.open_referendum(proposal, by=kyodo_staff, kind=kind)
    voters = [young_resident] + [PersonFactory() for _ in votes[1:]]
    for person, choice in zip(voters, votes, strict=True):
        services.cast_referendum_vote(referendum, person=person, user=None, choice=choice)
    with pytest.raises(services.AlreadyDone):
        services.cast_referendum_vote(referendum, person=young_resident, user=None, choice="no")
    with pytest.raises(services.NotAllowed):
        services.cast_referendum_vote(referendum, person=None, user=None, choice="yes")
    referendum = services.close_referendum(referendum, by=kyodo_staff)
    assert (referendum.yes, referendum.no, referendum.blank) == (
        votes.count("yes"),
        votes.count("no"),
        votes.count("blank"),
    )
    assert referendum.passed is passed
    assert Proposal.objects.get(pk=proposal.pk).status == status
    with pytest.raises(services.NotAllowed):
        services.cast_referendum_vote(referendum, person=PersonFactory(), user=None, choice="yes")
    assert Participation.objects.filter(kind="referendum").count() == len(votes)


def test_the_vote_on_the_proposal_page(client, proposal, kyodo_staff, young_resident):
    support_by(proposal, 3)
    login_staff(client, kyodo_staff)
    assert "市民の投票にかける（職員用）" in client.get(proposal.get_absolute_url()).content.decode()
    client.post(f"/participation/proposals/{proposal.pk}/referendum/open/", {"kind": "binding"})
    referendum = Referendum.objects.get()
    login_resident(client, young_resident)
    client.post(f"/participation/proposals/{proposal.pk}/referendum/vote/", {"choice": "yes"})
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "すでに投票していただいています" in html and "賛成 1票" not in html  # counts after closing
    login_staff(client, kyodo_staff)
    client.post(f"/participation/proposals/{proposal.pk}/referendum/close/")
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "賛成 1票、反対 0票、白票 0票" in html and "賛成多数" in html
    referendum.refresh_from_db()
    assert not referendum.is_open


def test_a_debate_with_arguments_for_and_against(client, parks, kyodo_staff, young_resident):
    login_staff(client, kyodo_staff)
    client.post(
        f"/participation/processes/{parks.pk}/debates/new/", {"title": "公園でのボール遊びを認めるべきか"}
    )
    debate = Debate.objects.get()
    login_resident(client, young_resident)
    response = client.post(f"/participation/debates/{debate.pk}/arguments/", {"body": "立場がない"})
    assert (
        response.status_code == 400
        and "賛成の意見か反対の意見かを選んでください" in response.content.decode()
    )
    client.post(
        f"/participation/debates/{debate.pk}/arguments/",
        {"side": "for", "body": "子どもが遊べる場所が少ない", "display_name": "二児の親"},
    )
    client.post(
        f"/participation/debates/{debate.pk}/arguments/", {"side": "against", "body": "散歩中に危ない"}
    )
    html = client.get(debate.get_absolute_url()).content.decode()
    assert "賛成の意見（1）" in html and "反対の意見（1）" in html and "二児の親" in html
    assert Participation.objects.filter(kind="argument").count() == 2
    login_staff(client, kyodo_staff)
    client.post(f"/participation/debates/{debate.pk}/close/", {"conclusion": "時間帯を決めて認めます"})
    debate.refresh_from_db()
    assert not debate.is_open and debate.conclusion == "時間帯を決めて認めます"
    with pytest.raises(services.NotAllowed):
        services.add_argument(
            debate, user=resident_user(young_resident), person=young_resident, side="for", body="遅れて"
        )
    api = client.get(f"/api/v1/participation/processes/{parks.pk}/debates/").json()["results"][0]
    assert [(a["side"], a["display_name"]) for a in api["arguments"]] == [
        ("for", "二児の親"),
        ("against", "市民"),
    ]
    assert (
        Event.objects.filter(verb__in=["participation.debate_opened", "participation.debate_closed"]).count()
        == 2
    )


def test_pre_moderated_arguments_wait_for_staff(parks, young_resident):
    parks.premoderation = True
    parks.save()
    debate = Debate.objects.create(process=parks, title="議論")
    argument = services.add_argument(
        debate, user=resident_user(young_resident), person=young_resident, side="for", body="…"
    )
    assert argument.status == "pending"
    assert not Argument.objects.filter(status="published").exists()
