"""Chinese (simplified), Korean and Vietnamese (1-エ): chosen by the browser's Accept-Language or the
switch, the page says its language, and the key pages' catalogs leave nothing untranslated."""

import unicodedata

import pytest

from madoguchi.core.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "code"), [("zh-Hans", "zh-hans"), ("zh-CN", "zh-hans"), ("ko", "ko"), ("vi", "vi")]
)
def test_the_browsers_language_is_used_and_declared(client, header, code):
    MunicipalityFactory()
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=header).content.decode()
    assert f'<html lang="{code}"' in page


def test_the_switch_offers_every_language_in_its_own_name(client):
    MunicipalityFactory()
    page = unicodedata.normalize(
        "NFC", client.get("/").content.decode()
    )  # Django spells Tiếng Việt decomposed
    for code, name in (("en", "English"), ("zh-hans", "简体中文"), ("ko", "한국어"), ("vi", "Tiếng Việt")):
        assert f'value="{code}" lang="{code}"' in page and name in page
