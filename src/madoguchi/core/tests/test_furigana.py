"""ふりがな: the city's terms read right, readings sit on the kanji only, and ?furigana=on puts
them on every public Japanese page without touching markup, scripts, form values or staff pages."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from madoguchi.core import furigana as switch
from madoguchi.core.furigana import add_ruby
from madoguchi.core.japanese.furigana import reading, ruby_html, segments
from madoguchi.core.tests.factories import MunicipalityFactory

CITY = "132144"
TERMS = [
    line.split("\t")
    for line in (Path(__file__).with_name("data") / "furigana_city_terms.tsv")
    .read_text(encoding="utf-8")
    .splitlines()
    if line and not line.startswith("#")
]


@pytest.mark.parametrize(("term", "expected"), TERMS, ids=[t for t, _r in TERMS])
def test_the_citys_terms_read_as_the_city_reads_them(term, expected):
    assert reading(term, CITY) == expected


def test_place_names_come_from_the_citys_postal_data():
    assert reading("本町", CITY) == "ほんちょう"  # 国分寺市's 本町
    assert reading("西恋ケ窪三丁目", CITY).startswith("にしこいがくぼ")


def test_readings_sit_on_the_kanji_and_the_kana_stay_outside():
    assert [(s.text, s.reading) for s in segments("申し込み", CITY)] == [
        ("申", "もう"),
        ("し", ""),
        ("込", "こ"),
        ("み", ""),
    ]
    html = ruby_html("受付は窓口で", CITY)
    assert html.startswith("<ruby>受付<rp") and "は<ruby>窓口" in html
    assert '<rt aria-hidden="true">まどぐち</rt>' in html  # screen readers read the word once
    assert ruby_html("ひらがなと123", CITY) == "ひらがなと123"


def test_text_is_escaped_and_markup_kept():
    page = (
        '<html><head><title>市役所</title></head><body><p class="市">市役所 &amp; <b>窓口</b> &lt;漢&gt;</p>'
        '<script>const s = "漢字";</script><input value="国分寺"><select><option>東京都</option></select>'
        "<ruby>既<rt>き</rt></ruby><!-- 漢字 --></body></html>"
    )
    result = add_ruby(page, CITY)
    assert "<title>市役所</title>" in result and 'class="市"' in result
    assert "&amp;" in result and "&lt;<ruby>漢" in result and "</ruby>&gt;" in result
    assert '<script>const s = "漢字";</script>' in result and 'value="国分寺"' in result
    assert "<option>東京都</option>" in result and "<ruby>既<rt>き</rt></ruby>" in result
    assert "<!-- 漢字 -->" in result and "<b><ruby>窓口" in result


@pytest.mark.django_db
def test_the_switch_is_remembered_and_only_public_japanese_pages_change(client):
    MunicipalityFactory()
    switch.city_code.cache_clear()
    plain = client.get("/procedures/").content.decode()
    assert "<rt" not in plain and "ふりがなをつける" in plain

    on = client.get("/procedures/?furigana=on")
    assert on.cookies[switch.COOKIE].value == "on" and "Cookie" in on["Vary"]
    body = on.content.decode()
    assert '<rt aria-hidden="true">' in body and "ふりがなを<ruby>消" in body
    assert 'name="csrfmiddlewaretoken"' in body  # the language form still works
    assert "<rt" in client.get("/procedures/").content.decode()  # remembered

    english = client.get(
        "/procedures/", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE=f"{switch.COOKIE}=on; django_language=en"
    )
    assert "<rt" not in english.content.decode()
    staff_login = client.get(reverse("admin_login"), follow=True).content.decode()
    assert "<rt" not in staff_login and "ふりがなを" not in staff_login  # no switch on staff pages
    assert switch.is_staff_path("/opendata/staff/tokens/") and switch.is_staff_path(
        "/plan/staff/indicators/1/"
    )
    assert not switch.is_staff_path("/opendata/connect/")

    off = client.get("/procedures/?furigana=off")
    assert off.cookies[switch.COOKIE].value == "off" and "<rt" not in off.content.decode()


@pytest.mark.django_db
def test_the_command_prints_readings(capsys):
    call_command("furigana", "恋ヶ窪の公民館", "--json")
    out = capsys.readouterr().out
    assert '"reading": "こいがくぼのこうみんかん"' in out
    call_command("furigana", "窓口", "--html")
    assert "<ruby>窓口" in capsys.readouterr().out
