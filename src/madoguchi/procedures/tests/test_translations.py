"""Procedure guides in Chinese (simplified), Korean and Vietnamese (issue 22 item 3): hand-written
translations from the definition files' "translations" key, Japanese where one is missing."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from madoguchi.core.tests.factories import MunicipalityFactory
from madoguchi.procedures.services import (
    CERTIFICATES_DIR,
    DATA_DIR,
    TRANSLATED_FIELDS,
    load_procedure_definition,
    search_procedures,
    translation_languages,
)

from .conftest import bundled_procedure, definition

LANGUAGES = ["zh-hans", "ko", "vi"]

# 児童手当の認定請求 as the translators wrote it: the official term must come through.
CHILD_ALLOWANCE = {"zh-hans": "儿童津贴", "ko": "아동수당", "vi": "trợ cấp nuôi con"}


def online_definitions() -> list[dict]:
    paths = sorted(DATA_DIR.glob("*.json")) + sorted(CERTIFICATES_DIR.glob("*.json"))
    definitions = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    return [d for d in definitions if "online" in d.get("channels", ["online"])]


def test_the_translated_languages_are_the_interface_languages_but_japanese_and_english():
    assert translation_languages() == LANGUAGES


def test_every_online_procedure_is_translated_into_every_language():
    definitions = online_definitions()
    assert len(definitions) >= 33
    missing = []
    for d in definitions:
        for language in LANGUAGES:
            texts = (d.get("translations") or {}).get(language) or {}
            for field in TRANSLATED_FIELDS:
                if d.get(field) and not (texts.get(field) or "").strip():
                    missing.append(f"{d['code']}: translations.{language}.{field}")
                elif texts.get(field) == d.get(field):
                    missing.append(f"{d['code']}: translations.{language}.{field} is the Japanese")
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_list_and_guide_in_the_residents_language(client, departments, language):
    MunicipalityFactory()
    procedure = bundled_procedure("jidou-teate-nintei")
    texts = procedure.translations[language]
    assert CHILD_ALLOWANCE[language] in texts["name"]
    client.cookies["madoguchi_language"] = language

    listing = client.get("/procedures/").content.decode()
    assert texts["name"] in listing
    assert procedure.name not in listing

    guide = client.get(f"/procedures/{procedure.code}/").content.decode()
    assert texts["name"] in guide and texts["description"] in guide and texts["eligibility"] in guide
    assert procedure.description not in guide and procedure.eligibility not in guide
    assert f"<h1>{procedure.name}</h1>" not in guide


@pytest.mark.django_db
def test_a_missing_translation_shows_the_japanese(client, departments):
    MunicipalityFactory()
    draft = definition("ninshin-todoke")
    draft["translations"] = {"ko": {"name": "임신 신고"}}  # no description, no Vietnamese
    procedure = load_procedure_definition(draft)
    with translation.override("ko"):
        assert procedure.localized_name() == "임신 신고"
        assert procedure.localized_description() == procedure.description
    with translation.override("vi"):
        assert procedure.localized_name() == procedure.name
    with translation.override("en"):
        assert procedure.localized_name() == procedure.name_en
    client.cookies["madoguchi_language"] = "vi"
    guide = client.get(f"/procedures/{procedure.code}/").content.decode()
    assert procedure.name in guide and procedure.description in guide


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("translations", "message"),
    [
        (
            {"zh": {"name": "妊娠申报"}},
            "translations の言語コード zh は使えません。使えるのは zh-hans, ko, vi です。",
        ),
        ({"en": {"name": "Pregnancy"}}, "translations の言語コード en は使えません。"),
        ({"ko": {"title": "임신 신고"}}, "translations.ko の title は使えません。"),
    ],
)
def test_the_loader_refuses_an_unknown_language_or_field(departments, translations, message):
    draft = {**definition("ninshin-todoke"), "translations": translations}
    with pytest.raises(ValidationError) as raised:
        load_procedure_definition(draft)
    assert message in raised.value.messages[0]


@pytest.mark.django_db
def test_search_finds_a_procedure_by_its_translated_name(departments):
    bundled_procedure("jidou-teate-nintei")
    for language in LANGUAGES:
        assert [p.code for p in search_procedures(CHILD_ALLOWANCE[language])] == ["jidou-teate-nintei"]
