"""The survey tally: online, postal and paper answers counted together, per question kind."""

import pytest

from madoguchi.identity.testing import resident_user
from madoguchi.participation import services

from .conftest import resident_aged

pytestmark = pytest.mark.django_db


def test_every_channel_counts_in_one_tally(survey, young_resident, older_resident, kyodo_staff):
    q = {question.kind: question.pk for question in survey.questions.all()}
    for person, answers in (
        (young_resident, {q["single"]: "武蔵国分寺公園", q["multiple"]: ["散歩", "休憩"], q["scale"]: 4,
                          q["ranking"]: ["遊具", "トイレ", "照明"], q["text"]: "ベンチを"}),
        (older_resident, {q["single"]: "殿ヶ谷戸庭園", q["multiple"]: ["散歩"], q["scale"]: 4,
                          q["ranking"]: ["トイレ", "遊具", "照明"], q["text"]: ""}),
    ):  # fmt: skip
        services.answer_survey(survey, person=person, user=resident_user(person), answers=answers)
    services.enter_paper_answer(
        survey, by=kyodo_staff, channel="postal", answers={q["single"]: "武蔵国分寺公園", q["scale"]: 2}
    )
    services.enter_paper_answer(survey, by=kyodo_staff, channel="paper", answers={q["multiple"]: ["運動"]})

    results = services.survey_results(survey)

    assert results.total == 4
    assert results.by_channel == [["online", 2], ["paper", 1], ["postal", 1]]
    by_kind = {r["question"].kind: r for r in results.questions}
    assert by_kind["single"]["rows"] == [["武蔵国分寺公園", 2], ["殿ヶ谷戸庭園", 1]]
    assert by_kind["multiple"]["rows"] == [["散歩", 2], ["運動", 1], ["休憩", 1]]
    assert by_kind["scale"]["rows"] == [["1", 0], ["2", 1], ["3", 0], ["4", 2], ["5", 0]]
    assert by_kind["ranking"]["rows"] == [["トイレ", 1], ["遊具", 1], ["照明", 0]]  # first choices only
    assert by_kind["text"]["count"] == 1  # how many wrote something, never what


def test_results_page_shows_the_tally(client, survey, kyodo_staff):
    q = {question.kind: question.pk for question in survey.questions.all()}
    person = resident_aged(40)
    services.answer_survey(
        survey, person=person, user=resident_user(person), answers={q["single"]: "殿ヶ谷戸庭園"}
    )
    page = client.get(f"/participation/surveys/{survey.pk}/results/")
    assert page.status_code == 200
    assert page.context["total"] == 1
    assert page.context["by_channel"] == [["オンライン", 1]]
    assert ["殿ヶ谷戸庭園", 1] in page.context["results"][0]["rows"]
