"""Surveys (online + postal), workshops with a waiting list, results and their notifications,
opinion votes, and the indicators computed from it all."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from madoguchi.core.events import events_for
from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.identity.testing import resident_user
from madoguchi.participation import services
from madoguchi.participation.metrics import compute, to_csv
from madoguchi.participation.models import (
    Comment,
    OpinionMap,
    Participation,
    PhaseKind,
    Proposal,
    Registration,
    Statement,
    Workshop,
)

from .conftest import resident_aged

pytestmark = pytest.mark.django_db


def test_survey_online_once_and_postal_answers_count_in_the_same_results(survey, young_resident, kyodo_staff):
    q = {question.kind: question.pk for question in survey.questions.all()}
    user = resident_user(young_resident)
    services.answer_survey(survey, person=young_resident, user=user, answers={q["single"]: "武蔵国分寺公園"})
    with pytest.raises(services.AlreadyDone):
        services.answer_survey(
            survey, person=young_resident, user=user, answers={q["single"]: "殿ヶ谷戸庭園"}
        )
    for band in ("60s", "70plus"):
        services.enter_paper_answer(
            survey, by=kyodo_staff, channel="postal", answers={q["single"]: "殿ヶ谷戸庭園"}, age_band=band
        )
    assert survey.responses.count() == 3
    assert survey.responses.get(channel="online").person is None  # anonymous: no link to the Person
    assert [e.channel for e in events_for(survey)] == ["online", "postal", "postal"]
    with pytest.raises(services.NotAllowed):
        services.enter_paper_answer(survey, by=kyodo_staff, channel="online", answers={})


def test_indicators_by_channel_digital_share_and_age_band(
    parks, survey, proposal, young_resident, older_resident, kyodo_staff
):
    services.support_proposal(proposal, person=young_resident, user=resident_user(young_resident))
    services.support_proposal(proposal, person=older_resident, user=resident_user(older_resident))
    services.answer_survey(survey, person=young_resident, user=resident_user(young_resident), answers={})
    services.enter_paper_answer(survey, by=kyodo_staff, channel="postal", answers={}, age_band="70plus")
    ind = compute(process=parks)
    assert ind.participations == 4
    assert ind.by_channel == {"online": 3, "in_person": 0, "postal": 1, "paper": 0}
    assert (ind.participants, ind.digital_participants, ind.share_digital) == (3, 2, pytest.approx(200 / 3))
    bands = {row.band: (row.participants, row.digital) for row in ind.by_age_band}
    assert bands["20s"] == (1, 1) and bands["70plus"] == (2, 1)
    assert compute(process=parks, fiscal_year=fiscal_year(timezone.now()) - 1).participations == 0
    with translation.override("ja"):
        csv = to_csv(ind)
    assert "total,all,参加者,3,2,66.7" in csv and "channel,postal,郵送,1" in csv
    assert young_resident.family_name not in csv


def test_indicator_pages_csv_and_api(client, parks, proposal, young_resident):
    services.support_proposal(proposal, person=young_resident, user=resident_user(young_resident))
    html = client.get(f"/participation/processes/{parks.pk}/indicators/").content.decode()
    assert "<svg" in html and "100.0%" in html and "style=" not in html
    csv = client.get(f"/participation/processes/{parks.pk}/indicators.csv")
    assert csv["Content-Type"].startswith("text/csv") and "channel,online" in csv.content.decode("utf-8-sig")
    assert client.get("/participation/indicators/").status_code == 200
    api = client.get(
        f"/api/v1/participation/processes/{parks.pk}/indicators/?fiscal_year={fiscal_year(timezone.now())}"
    )
    assert api.json()["share_digital"] == 100.0
    assert client.get("/api/v1/participation/processes/999/indicators/").status_code == 404


def test_hybrid_workshop_capacity_and_waiting_list(parks, city):
    workshop = Workshop.objects.create(
        process=parks,
        title="公園ワークショップ",
        format=Workshop.Format.HYBRID,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        capacity_in_person=1,
        capacity_online=5,
    )
    first, second, third = (resident_aged(30 + i) for i in range(3))
    r1 = services.register_for_workshop(workshop, person=first, user=None, mode="in_person")
    r2 = services.register_for_workshop(workshop, person=second, user=None, mode="in_person")
    r3 = services.register_for_workshop(workshop, person=third, user=None, mode="online")
    assert [r1.status, r2.status, r3.status] == ["confirmed", "waiting", "confirmed"]
    with pytest.raises(services.AlreadyDone):
        services.register_for_workshop(workshop, person=first, user=None, mode="online")
    services.cancel_registration(r1, by=None)
    r2.refresh_from_db()
    assert r2.status == Registration.Status.CONFIRMED
    channels = sorted(Participation.objects.filter(kind="workshop").values_list("channel", flat=True))
    assert channels == ["in_person", "in_person", "online"]
    in_person_only = Workshop.objects.create(
        process=parks, title="会場のみ", format="in_person", starts_at=timezone.now()
    )
    with pytest.raises(services.NotAllowed):
        services.register_for_workshop(in_person_only, person=third, user=None, mode="online")


def test_results_notify_author_supporters_and_followers(
    parks, proposal, young_resident, older_resident, moderator, django_capture_on_commit_callbacks
):
    author = resident_user(older_resident)
    proposal.author = author
    proposal.save()
    services.support_proposal(proposal, person=young_resident, user=resident_user(young_resident))
    services.support_proposal(proposal, person=older_resident, user=author)
    follower = resident_aged(40, email="follower@example.jp")
    services.follow_process(parks, user=resident_user(follower))
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_proposal(
            proposal,
            by=moderator,
            status=Proposal.Status.ACCEPTED,
            answer="来年度に整備します。",
            progress=20,
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([older_resident.email, young_resident.email, "follower@example.jp"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_phase(parks, by=moderator, phase=PhaseKind.RESULTS)
    assert [m.to[0] for m in mail.outbox] == ["follower@example.jp"]


def test_opinion_votes_count_one_participation_per_map_and_can_change(parks, young_resident):
    omap = OpinionMap.objects.create(process=parks, title="公園の使い方", question="どう思いますか")
    s1 = Statement.objects.create(opinion_map=omap, text="ボール遊びを認める")
    s2 = Statement.objects.create(opinion_map=omap, text="トイレを清潔に")
    user = resident_user(young_resident)
    services.vote_statement(s1, person=young_resident, user=user, value=1)
    services.vote_statement(s2, person=young_resident, user=user, value=1)
    vote = services.vote_statement(s1, person=young_resident, user=user, value=-1)
    assert vote.value == -1 and s1.votes.count() == 1
    assert Participation.objects.filter(kind="opinion").count() == 1
    statement = services.add_statement(omap, person=young_resident, user=user, text="ドッグランがほしい")
    assert statement.status == Statement.Status.PUBLISHED


def test_closed_process_takes_no_supports_or_comments(parks, proposal, young_resident):
    parks.phase = PhaseKind.RESULTS
    parks.save()
    user = resident_user(young_resident)
    with pytest.raises(services.NotAllowed):
        services.support_proposal(proposal, person=young_resident, user=user)
    with pytest.raises(services.NotAllowed):
        services.post_comment(parks, user=user, person=young_resident, body="遅れて")
    assert Comment.objects.count() == 0


def test_weekly_digest_lists_what_is_new_for_followers(
    parks, proposal, young_resident, older_resident, django_capture_on_commit_callbacks
):
    follower = resident_user(older_resident)
    services.follow_process(parks, user=follower)
    services.post_comment(
        parks, user=resident_user(young_resident), person=young_resident, body="木陰がほしい"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(since=timezone.now() - datetime.timedelta(days=7)) == 1
    [message] = mail.outbox
    assert (
        message.to == [older_resident.email]
        and "ベンチと日陰を増やす" in message.body
        and "新しいコメント 1件" in message.body
    )
