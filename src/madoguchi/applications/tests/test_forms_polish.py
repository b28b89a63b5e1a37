"""Issue 29 item 6, forms residents fill without help: each error once (summary + field), 和暦 and
西暦 dates read the same, answered dates shown in 和暦, postal code → address, the household
prefilled (the filer first in 転出届), and a step bar without two 「確認」."""

import datetime
import re

import pytest
from django.urls import reverse

from madoguchi.applications.models import Application
from madoguchi.core.tests.factories import HouseholdFactory, PersonFactory
from madoguchi.identity.testing import login_resident
from madoguchi.procedures.steps import _clean_date
from madoguchi.procedures.tests.factories import bundled_procedure

pytestmark = pytest.mark.django_db


def step_url(app, number):
    return reverse("applications:step", args=[app.public_id, number])


def _start(client, resident, code):
    login_resident(client, resident)
    client.post(reverse("applications:start", args=[code]))
    return Application.objects.get(applicant=resident)


def test_each_error_is_shown_once_at_its_field_and_once_in_the_summary(client, genkyo, resident):
    app = _start(client, resident, "jidou-teate-genkyo")
    html = client.post(step_url(app, 1), {"full_name": "", "postal_code": "12"}).content.decode()
    for message in ("「氏名」を入力してください。", "郵便番号は7桁の数字で入力してください"):
        assert html.count(message) == 2, message  # the summary's link and the field's message
    summary = html[
        html.index('class="error-summary"') : html.index("</div>", html.index('class="error-summary"'))
    ]
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    assert len(items) == len(set(items))
    fields = re.findall(r'<span class="field__error" id="([^"]+)-error">', html)
    assert len(fields) == len(set(fields)) == len(items)


@pytest.mark.parametrize(
    "typed",
    [
        "令和6年4月1日",
        "R6.4.1",
        "2024-04-01",
        "2024/4/1",
        "２０２４／４／１",
        "令和６年４月１日",
        "2024年4月1日",
        " r6.4.1 ",
    ],
)
def test_a_date_is_read_in_wareki_or_western_form(typed):
    assert _clean_date(typed) == "2024-04-01"


@pytest.mark.parametrize("typed", ["2024/2/30", "令和6年2月30日", "来週"])
def test_an_impossible_date_is_left_for_the_schema_to_refuse(typed):
    assert _clean_date(typed) == typed


def test_wareki_typed_on_the_form_is_stored_and_shown_in_wareki(client, genkyo, resident):
    app = _start(client, resident, "jidou-teate-genkyo")
    post = {
        "full_name": "窓口　花子",
        "full_name_kana": "マドグチ　ハナコ",
        "birth_date": "S63.5.3",
        "postal_code": "185-0012",
        "address": "東京都国分寺市本町二丁目1番1号",
        "phone": "042-325-0111",
        "pension": "厚生年金",
    }
    assert client.post(step_url(app, 1), post).status_code == 302
    app.refresh_from_db()
    assert app.data["recipient"]["birth_date"] == "1988-05-03"
    check = client.get(reverse("applications:check", args=[app.public_id])).content.decode()
    assert "昭和63(1988)年5月3日" in check and "1988-05-03" not in check


def test_postal_code_gives_the_address(client):
    response = client.get(reverse("procedures:address_lookup"), {"code": "１８５－００１２"})
    assert response.status_code == 200
    assert response.json()["address"] == "東京都国分寺市本町"
    assert response.json()["postal_code"] == "185-0012"
    bad = client.get(reverse("procedures:address_lookup"), {"code": "12"})
    assert bad.status_code == 400 and "7桁" in bad.json()["error"]
    assert client.get(reverse("procedures:address_lookup"), {"code": "0000000"}).status_code == 404


def test_the_postal_code_field_names_its_address_field(client, genkyo, resident):
    app = _start(client, resident, "jidou-teate-genkyo")
    html = client.get(step_url(app, 1)).content.decode()
    assert 'data-address-field="address"' in html
    assert "applications/postal.js" in html and 'data-address-lookup="/procedures/address-lookup/"' in html


@pytest.fixture
def tenshutsu(departments):
    return bundled_procedure("tenshutsu")


@pytest.fixture
def family(city):
    household = HouseholdFactory(postal_code="185-0012", address="東京都国分寺市本町二丁目1番1号")
    head = PersonFactory(
        household=household,
        family_name="国分",
        given_name="一郎",
        family_name_kana="コクブ",
        given_name_kana="イチロウ",
        birth_date=datetime.date(1980, 1, 2),
        gender=1,
        relationship="世帯主",
    )
    filer = PersonFactory(
        household=household,
        family_name="国分",
        given_name="花子",
        family_name_kana="コクブ",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1985, 6, 7),
        gender=2,
        relationship="妻",
    )
    return head, filer


def test_moving_out_the_filer_is_not_typed_twice_and_the_household_is_there(client, tenshutsu, family):
    head, filer = family
    app = _start(client, filer, "tenshutsu")
    people = app.data["members"]["list"]
    assert [p["full_name"] for p in people] == [filer.full_name, head.full_name]  # the filer first
    assert people[0]["birth_date"] == "1985-06-07" and people[0]["full_name_kana"] == "コクブ\u3000ハナコ"
    assert app.data["applicant"]["full_name"] == filer.full_name
    keys = [s["key"] for s in app.procedure_version.ui_schema["steps"]]
    html = client.get(step_url(app, keys.index("members") + 1)).content.decode()
    assert f'value="{filer.full_name}"' in html and f'value="{head.full_name}"' in html


def test_the_step_bar_says_confirm_once(client, tenshutsu, family):
    _head, filer = family
    app = _start(client, filer, "tenshutsu")
    html = client.get(step_url(app, 1)).content.decode()
    bar = html[html.index('class="steps"') : html.index("</ol>", html.index('class="steps"'))]
    names = [
        re.sub(r"<[^>]+>|（完了）", "", li).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", bar, re.S)
    ]
    assert len(names) == len(set(names))
    assert "確認事項" in names and "申請内容の確認" in names and "確認" not in names


def test_a_single_checkbox_is_drawn_as_a_design_system_choice(client, tenshutsu, family):
    _head, filer = family
    app = _start(client, filer, "tenshutsu")
    keys = [s["key"] for s in app.procedure_version.ui_schema["steps"]]
    html = client.get(step_url(app, keys.index("declarations") + 1)).content.decode()
    assert re.search(
        r'<div class="choice"><input type="checkbox" name="truthful"[^>]*><label for="id_truthful">', html
    )
