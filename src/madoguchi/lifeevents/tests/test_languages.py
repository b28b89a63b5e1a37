"""The life-event navigator in Chinese (simplified), Korean and Vietnamese (issue 22 item 3): event
titles and descriptions from the gettext catalogs, procedure names from the definitions'
hand-written "translations"."""

import pytest
from django.utils import translation

from madoguchi.lifeevents.catalog import definitions, lifeevent_definitions, procedure_info
from madoguchi.lifeevents.rules import EVENTS

LANGUAGES = ["zh-hans", "ko", "vi"]

BIRTH_REGISTRATION = {"zh-hans": "出生申报", "ko": "출생 신고", "vi": "Khai sinh"}


def _in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_life_event_has_a_title_and_description_in_the_language(language):
    untranslated = [
        f"{event.code}: {_in('ja', text)}"
        for event in EVENTS
        for text in (event.title, event.description)
        if _in(language, text) == _in("ja", text)
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_life_event_procedure_has_a_name_in_the_language(language):
    missing = [
        d["code"]
        for d in lifeevent_definitions()
        if not ((d.get("translations") or {}).get(language) or {}).get("name")
    ]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_index_in_the_residents_language(client, catalogue, language):
    client.cookies["madoguchi_language"] = language
    page = client.get("/life-events/").content.decode()
    for event in EVENTS:
        assert _in(language, event.title) in page
        assert _in("ja", event.title) not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_checklist_names_the_procedures_in_the_residents_language(client, catalogue, language):
    client.cookies["madoguchi_language"] = language
    page = client.get("/life-events/shussei/checklist/", {"nhi": "on"}).content.decode()
    assert BIRTH_REGISTRATION[language] in page
    allowance = definitions()["jidou-teate-nintei"]
    assert allowance["translations"][language]["name"] in page
    assert allowance["name"] not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_procedure_not_in_the_catalogue_is_named_from_its_definition(language):
    with translation.override(language):
        assert procedure_info("shussei-todoke").name == BIRTH_REGISTRATION[language]
    with translation.override("ja"):
        assert procedure_info("shussei-todoke").name == "出生届"
