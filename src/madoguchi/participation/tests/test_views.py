"""Resident pages without a browser: propose, register for a workshop, vote, bad survey input."""

import datetime

import pytest
from django.utils import timezone

from madoguchi.identity.testing import login_resident
from madoguchi.participation.models import OpinionMap, Proposal, Registration, Statement, Vote, Workshop

pytestmark = pytest.mark.django_db


def test_resident_proposes_and_follows(client, parks, young_resident):
    login_resident(client, young_resident)
    response = client.post(
        f"/participation/processes/{parks.pk}/proposals/new/",
        {"title": "ドッグラン", "body": "犬を放せる場所がほしい"},
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == proposal.get_absolute_url()
    assert parks.follows.filter(user=young_resident.user).exists()


def test_proposal_form_asks_for_card_login(client, parks, young_resident):
    login_resident(client, young_resident, "email")
    html = client.get(f"/participation/processes/{parks.pk}/proposals/new/").content.decode()
    assert "マイナンバーカードで本人確認をしてログインしてください" in html


def test_ranking_needs_distinct_ranks(client, survey, young_resident):
    login_resident(client, young_resident)
    q = {question.kind: question for question in survey.questions.all()}
    data = {
        f"q{q['single'].pk}": "武蔵国分寺公園",
        f"q{q['multiple'].pk}": ["散歩"],
        f"q{q['scale'].pk}": "3",
        f"q{q['ranking'].pk}_r0": "1",
        f"q{q['ranking'].pk}_r1": "1",
        f"q{q['ranking'].pk}_r2": "2",
    }
    response = client.post(survey.get_absolute_url(), data)
    assert response.status_code == 200
    assert "順位は重ならないように" in response.content.decode()
    assert survey.responses.count() == 0
    data[f"q{q['ranking'].pk}_r1"] = "3"
    assert client.post(survey.get_absolute_url(), data).status_code == 302
    assert survey.responses.get().answers[str(q["ranking"].pk)] == ["トイレ", "照明", "遊具"]


def test_register_for_hybrid_workshop_online(client, parks, young_resident):
    workshop = Workshop.objects.create(
        process=parks,
        title="公園ワークショップ",
        format="hybrid",
        online_url="https://meet.example.jp/x",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        capacity_in_person=5,
        capacity_online=5,
    )
    login_resident(client, young_resident)
    client.post(workshop.get_absolute_url(), {"mode": "online"})
    assert Registration.objects.get().status == "confirmed"
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "https://meet.example.jp/x" not in page and "開始の30分前" in page  # three days early: not yet


def test_vote_on_a_statement(client, parks, young_resident):
    omap = OpinionMap.objects.create(process=parks, title="公園", question="どう思いますか")
    statement = Statement.objects.create(opinion_map=omap, text="トイレを清潔に")
    login_resident(client, young_resident)
    client.post(f"/participation/opinion/{omap.pk}/vote/", {"statement": statement.pk, "value": "1"})
    assert Vote.objects.get().value == 1
    assert 'aria-pressed="true"' in client.get(omap.get_absolute_url()).content.decode()


def test_bad_fiscal_year_means_all_years(client, parks):
    assert client.get(f"/participation/processes/{parks.pk}/indicators/?fiscal_year=abc").status_code == 200
    api = client.get(f"/api/v1/participation/processes/{parks.pk}/indicators/?fiscal_year=99999999999")
    assert api.status_code == 200 and api.json()["fiscal_year"] is None


def test_anonymous_visitors_read_but_cannot_take_part(client, parks, proposal, survey):
    omap = OpinionMap.objects.create(process=parks, title="公園", question="どう思いますか")
    statement = Statement.objects.create(opinion_map=omap, text="トイレを清潔に")
    posts = [
        (f"/participation/proposals/{proposal.pk}/support/", {}),
        (f"/participation/processes/{parks.pk}/comments/", {"body": "匿名です"}),
        (f"/participation/opinion/{omap.pk}/vote/", {"statement": statement.pk, "value": "1"}),
        (f"/participation/opinion/{omap.pk}/statements/", {"text": "匿名の意見"}),
        (f"/participation/processes/{parks.pk}/follow/", {}),
        (f"/participation/processes/{parks.pk}/proposals/new/", {"title": "x", "body": "y"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (200, 302), url
    assert not proposal.supports.exists() and not parks.comments.exists() and not Vote.objects.exists()
    assert omap.statements.count() == 1 and Proposal.objects.count() == 1
    assert client.get("/participation/moderation/").status_code == 302  # to the staff login
