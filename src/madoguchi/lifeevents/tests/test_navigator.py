"""The life-event navigator: a few questions about the household → every procedure needed."""

from madoguchi.core.tests.factories import PersonFactory
from madoguchi.lifeevents.rules import EVENTS, answers_from_household, plan_for


def test_birth_in_a_household_with_national_health_insurance(client, catalogue):
    response = client.get("/life-events/shussei/checklist/", {"nhi": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    for name in (
        "出生届",
        "児童手当等の受給資格及び児童手当の額についての認定請求",
        "国民健康保険の加入の届出",
        "子ども医療費助成",
    ):
        assert name in page
    items = {item.code: item for item in plan_for("shussei", {"nhi": True})}
    assert set(items) >= {"shussei-todoke", "jidou-teate-nintei", "kokuho-kanyu", "kodomo-iryo"}
    assert items["jidou-teate-nintei"].online
    assert items["jidou-teate-nintei"].online_url == "/procedures/jidou-teate-nintei/"
    assert not items["shussei-todoke"].online and items["shussei-todoke"].needs_visit
    assert not items["kokuho-kanyu"].online and not items["kodomo-iryo"].online
    assert 'href="/procedures/jidou-teate-nintei/"' in page
    assert "来庁が必要な手続" in page and "オンラインでできる手続" in page


def test_birth_without_national_health_insurance_leaves_out_enrolment(catalogue):
    codes = [item.code for item in plan_for("shussei", {"nhi": False})]
    assert "kokuho-kanyu" not in codes
    assert codes[:3] == ["shussei-todoke", "jidou-teate-nintei", "kodomo-iryo"]


def test_moving_in_with_children_and_a_dog(catalogue):
    items = plan_for("tennyu", {"children": True, "dog": True})
    codes = [item.code for item in items]
    assert codes[:3] == ["tennyu-todoke", "jidou-teate-nintei", "kodomo-iryo"]
    assert "note:dog" in codes and "kokuho-kanyu" not in codes
    departments = {item.department_code for item in items if item.is_procedure}
    assert departments == {"shimin", "kodomo-shien"}


def test_every_life_event_has_a_questions_page_and_a_checklist(client, catalogue):
    for event in EVENTS:
        assert client.get(f"/life-events/{event.code}/").status_code == 200
        response = client.get(
            f"/life-events/{event.code}/checklist/print/", {"children": "on", "nhi": "on", "age65": "on"}
        )
        assert response.status_code == 200
        assert "☐" in response.content.decode()


def test_unknown_life_event_is_not_found(client, catalogue):
    assert client.get("/life-events/no-such-event/").status_code == 404


def test_index_lists_the_life_events(client, catalogue):
    page = client.get("/life-events/").content.decode()
    assert "子どもが生まれた（出生）" in page and "引っ越してきた（転入）" in page


def test_answers_from_the_household_register(catalogue):
    parent = PersonFactory(birth_date="1960-01-01")
    child = PersonFactory(household=parent.household, relationship="子", birth_date="2020-05-01")
    import datetime

    answers = answers_from_household(child, today=datetime.date(2026, 4, 1))
    assert answers == {"children": True, "age65": True, "age75": False}


def test_checklist_in_english(client, catalogue):
    response = client.get("/life-events/shussei/checklist/", {"nhi": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "National Health Insurance enrolment" in response.content.decode()
