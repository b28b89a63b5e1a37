"""An evaluation (評価) rests on figures: none can be recorded for a 年度 without public data."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from madoguchi.identity.testing import login_staff
from madoguchi.pdca import services
from madoguchi.pdca.models import Initiative, Review

pytestmark = pytest.mark.django_db


def test_an_evaluation_for_a_year_without_data_is_refused(plan, class_count, digital_staff, publish_value):
    initiative = Initiative.objects.get(code="1-エ")
    with pytest.raises(ValidationError) as refused:
        services.record_review(initiative, by=digital_staff, fiscal_year=2023, status="on_track")
    assert refused.value.messages == [
        "令和5(2023)年度の指標の値がまだないため、この年度の評価は記録できません。"
        "自動計算の値が出るか、実績値を入力して承認を受けてから記録してください。"
    ]
    assert not Review.objects.exists()

    # A value typed in but not yet approved is not public: still nothing to rest on.
    services.enter_value(
        class_count, by=digital_staff, fiscal_year=2023, value=18, evidence_url="https://example.jp/r5.csv"
    )
    with pytest.raises(ValidationError):
        services.record_review(initiative, by=digital_staff, fiscal_year=2023, status="on_track")

    # Another year's data does not count for 2023.
    publish_value("terminal-support-visits", 2024, 24)
    with pytest.raises(ValidationError):
        services.record_review(initiative, by=digital_staff, fiscal_year=2023, status="on_track")

    publish_value("terminal-support-visits", 2023, 18)
    review = services.record_review(initiative, by=digital_staff, fiscal_year=2023, status="on_track")
    assert (review.fiscal_year, review.status) == (2023, "on_track")


def test_an_initiative_without_indicators_cannot_be_evaluated(plan, digital_staff):
    bpr = Initiative.objects.get(code="BPR")
    assert not bpr.indicators.exists()
    with pytest.raises(ValidationError, match="この取組には指標がないため"):
        services.record_review(bpr, by=digital_staff, fiscal_year=2024, status="on_track")


def test_the_review_page_shows_why_it_was_refused_and_keeps_what_was_typed(client, plan, digital_staff):
    login_staff(client, digital_staff)
    response = client.post(
        reverse("pdca:staff_review", args=["1-e"]),
        {"fiscal_year": 2023, "status": "on_track", "do_note": "18回開催した。"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "令和5(2023)年度の指標の値がまだないため" in html
    assert "18回開催した。" in html
    assert not Review.objects.exists()


def test_the_refusal_in_english(client, plan, digital_staff):
    login_staff(client, digital_staff)
    response = client.post(
        reverse("pdca:staff_review", args=["1-e"]),
        {"fiscal_year": 2023, "status": "on_track"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "FY2023 (Reiwa 5) has no indicator values yet" in response.content.decode()


def test_every_demo_review_rests_on_figures_of_its_year(plan):
    from django.contrib.auth import get_user_model

    from madoguchi.opendata import demo as opendata_demo
    from madoguchi.pdca.demo import load as load_demo
    from madoguchi.workstyle.demo import LOADER as workstyle_demo

    get_user_model().objects.create_user(username="digital")  # the demo's reviewer
    workstyle_demo.load(lambda line: None)  # 2-ウ's figures: the staff meetings (loaded before pdca)
    opendata_demo.load(lambda line: None)  # 1-エ's: the terminal statistics in the catalog
    load_demo(lambda line: None)
    reviews = list(Review.objects.select_related("initiative"))
    this_year = services.current_fiscal_year()
    assert {(r.initiative.code, r.fiscal_year) for r in reviews} >= {("1-エ", 2023), ("2-ウ", this_year)}
    for review in reviews:
        assert services.has_data(review.initiative, review.fiscal_year), review
