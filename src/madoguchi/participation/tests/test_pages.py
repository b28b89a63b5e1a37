"""The demo loads twice without changes; every participation page renders for anyone, in
Japanese and English, with no inline script or style; plain labels can be renamed."""

import datetime

import pytest

from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.core.tests.factories import HouseholdFactory, PersonFactory, staff_member
from madoguchi.participation import demo
from madoguchi.participation.models import Label, OpinionMap, Process, Proposal, Survey, Workshop
from madoguchi.participation.opinion import analyse_map

pytestmark = pytest.mark.django_db

AGES = [17, 19, 22, 25, 28, 31, 34, 38, 42, 47, 52, 58, 63, 67, 71, 74, 78, 82]


@pytest.fixture
def demo_process(city, kyodo):
    """The participation demo on a small set of fictional residents (core's full demo is slow)."""
    staff_member(kyodo, username="kyodo")  # runs the demo budget's review, paper ballots and count
    for i, age in enumerate(AGES):
        household = HouseholdFactory(district=["本町", "泉町", "西町"][i % 3])
        PersonFactory(household=household, birth_date=datetime.date(2026 - age, 1, 15), is_demo=True)
    demo.load(lambda line: None)
    return Process.objects.get(title="国分寺市の公園の使い方")


def counts():
    return [m.objects.count() for m in (Process, Proposal, Survey, Workshop, OpinionMap)]


def test_demo_pages_labels_and_metrics(client, demo_process):
    before = counts()
    demo.load(lambda line: None)
    assert counts() == before  # idempotent

    # two events since issue 23: the coming workshop, and a past briefing with its record
    workshop = demo_process.workshops.get(title=demo.WORKSHOP_TITLE)
    briefing = demo_process.workshops.get(title=demo.BRIEFING_TITLE)
    assert (workshop.format, briefing.format) == ("hybrid", "hybrid")
    assert demo_process.surveys.get().responses.filter(channel="postal").count() == 5
    omap = demo_process.opinion_maps.get()
    analysis = analyse_map(omap)
    assert len(analysis.groups) >= 2
    assert "公園のトイレをもっと清潔にしてほしい" in [
        omap.statements.get(pk=s).text for s, _d in analysis.consensus
    ]

    survey = demo_process.surveys.get()
    urls = [
        "/participation/",
        demo_process.get_absolute_url(),
        demo_process.proposals.first().get_absolute_url(),
        survey.get_absolute_url(),
        f"/participation/surveys/{survey.pk}/results/",
        workshop.get_absolute_url(),
        briefing.get_absolute_url(),
        omap.get_absolute_url(),
        f"/participation/processes/{demo_process.pk}/indicators/",
        "/participation/indicators/",
        demo_process.budgets.get().get_absolute_url(),
    ]
    for language in ("ja", "en"):
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            html = response.content.decode()
            assert response.status_code == 200, url
            assert f'<html lang="{language}"' in html
            assert "<script>" not in html and "style=" not in html, url
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Take part in city decisions" in home
    html = client.get(demo_process.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Everyone&#x27;s proposals" in html and "Opinion map" in html

    Label.objects.create(key="opinion_map", text="みんなの声マップ", text_en="Voices map")
    assert "みんなの声マップ" in client.get(demo_process.get_absolute_url()).content.decode()
    assert (
        "Voices map"
        in client.get(demo_process.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )

    from madoguchi.pdca.metrics import metrics

    fy = fiscal_year(datetime.datetime.now(datetime.UTC))
    share = metrics.get("digital-participant-rate")
    assert 0 < share.value(fy) < 100  # the postal answers are not digital
    assert share.breakdown(fy, None)["20s"] == 100.0
    assert metrics.get("digital-participation-count").value(fy) == 1
