"""Conditional fields on the resident's pages, the check page, the PDF copy, the case page and
every channel: a question that does not apply is not asked, not required, and an answer sent for
it anyway (a tampered form, an old draft, a staff typo) is never stored or shown."""

import base64
import copy

import pytest
from django.urls import reverse

from madoguchi.applications.display import answer_sections
from madoguchi.applications.examples import example_data
from madoguchi.applications.models import Application, State
from madoguchi.applications.services import (
    full_data,
    save_draft,
    start_application,
    submit_application,
)
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.identity.testing import login_resident, login_staff
from madoguchi.procedures.services import load_procedure_definition
from madoguchi.procedures.tests.factories import definition

pytestmark = pytest.mark.django_db

MOVE_STEP = 2  # tenshutsu: 届出人, 転出先と転出予定日, 転出する人, …
REMAINING = "残る世帯の世帯主の氏名"
MOVE = {
    "planned_date": "2025-04-01",
    "new_municipality": "東京都府中市",
    "new_postal_code": "185-8501",
    "new_address": "東京都府中市宮西町1丁目1番地",
    "new_head_name": "窓口　花子",
    "new_head_kana": "マドグチ　ハナコ",
}


@pytest.fixture
def tenshutsu(departments, city):
    """転出届: 残る世帯の世帯主 is asked only when part of the household stays."""
    return load_procedure_definition(definition("tenshutsu"))


@pytest.fixture
def gendogaku(departments, city):
    """介護保険負担限度額認定: the spouse's savings (step 4) only when there is a spouse (step 3)."""
    return load_procedure_definition(definition("kaigo-futan-gendogaku"))


def _draft(client, procedure, resident, data=None):
    user = login_resident(client, resident)
    draft = start_application(procedure, applicant=resident, by=user)
    save_draft(
        draft, by=user, data=data if data is not None else example_data(procedure.current_version.schema)
    )
    draft.refresh_from_db()
    return draft


def _step(app, n):
    return reverse("applications:step", args=[app.public_id, n])


def _with(data, step, **values):
    data = copy.deepcopy(data)
    data[step].update(values)
    return data


# ---------------------------------------------------------------- the same page


def test_a_field_depending_on_the_same_page_carries_its_condition_and_a_hint(client, tenshutsu, resident):
    app = _draft(client, tenshutsu, resident, data={})
    html = client.get(_step(app, MOVE_STEP)).content.decode()
    assert "applications/conditions.js" in html  # a static file: the CSP forbids inline script
    assert 'data-field="move.whole_household"' in html
    assert (
        'data-field="move.remaining_head_name" data-show-if="{&quot;field&quot;: &quot;move.whole_household&quot;, '
        "&quot;equals&quot;: false}" in html
    )
    # without JavaScript the resident reads when to answer it; it is required when it applies
    assert "「世帯全員が転出する」にチェックしていない場合にお答えください。" in html
    label = html[html.index(f'for="id_remaining_head_name">{REMAINING}') :][:200]
    assert "必須" in label


def test_a_tampered_hidden_answer_is_dropped(client, tenshutsu, resident):
    app = _draft(client, tenshutsu, resident, data={})
    response = client.post(
        _step(app, MOVE_STEP), {**MOVE, "whole_household": "on", "remaining_head_name": "改ざん　太郎"}
    )
    assert response.status_code == 302  # not required when the whole household moves
    app.refresh_from_db()
    assert app.data["move"]["whole_household"] is True
    assert "remaining_head_name" not in app.data["move"]
    assert "改ざん" not in str(app.data)


def test_a_shown_field_is_required_and_kept(client, tenshutsu, resident):
    app = _draft(client, tenshutsu, resident, data={})
    response = client.post(_step(app, MOVE_STEP), MOVE)  # the box unticked: part of the household stays
    assert response.status_code == 200
    assert f"「{REMAINING}」を入力してください。" in response.content.decode()
    response = client.post(_step(app, MOVE_STEP), {**MOVE, "remaining_head_name": "窓口　太郎"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.data["move"]["remaining_head_name"] == "窓口　太郎"
    assert app.data["move"]["whole_household"] is False


def test_a_field_in_a_repeated_row_follows_its_row(client, genkyo, resident):
    """児童手当の現況届: the child's address only for a child living apart (別居)."""
    two_children = {"status": {"list": [{"full_name": "窓口　陽菜"}, {"full_name": "窓口　蓮"}]}}
    app = _draft(client, genkyo, resident, data=two_children)
    html = client.get(_step(app, 2)).content.decode()
    assert 'data-field="status.list.address" data-show-if=' in html
    assert "data-repeat-item" in html
    child = {
        "full_name": "窓口　陽菜",
        "full_name_kana": "マドグチ　ヒナ",
        "birth_date": "2018-04-10",
        "relationship": "子",
        "age_group": "高校生年代まで",
    }
    post = {"filing_reason": "住民票の住所が児童と異なる"}
    for i, (living, address) in enumerate([("同居", "改ざん"), ("別居", "東京都府中市宮西町1丁目1番地")]):
        post.update({f"list-{i}-{k}": v for k, v in child.items()})
        post.update({f"list-{i}-living": living, f"list-{i}-address": address})
    assert client.post(_step(app, 2), post).status_code == 302
    app.refresh_from_db()
    assert [c.get("address") for c in app.data["status"]["list"]] == [None, "東京都府中市宮西町1丁目1番地"]


def test_a_whole_repeated_group_can_depend_on_an_answer(client, departments, city, resident):
    """学校給食費等の徴収の変更: stopping the deduction (徴収の中止) asks for no children at all."""
    procedure = load_procedure_definition(definition("jidou-teate-kyushokuhi-henko"))
    app = _draft(client, procedure, resident, data={})
    html = client.get(_step(app, 2)).content.decode()
    assert '<fieldset class="repeat-group" data-field="change.list" data-show-if=' in html
    assert (
        "「申出の種別」で「徴収額の変更」「対象の児童・費用の変更」のいずれかを選んだ場合にお答えください。"
        in html
    )
    stop = {"change_type": "徴収の中止", "effective_month": "2025-06", "list-0-full_name": "改ざん　太郎"}
    # the children's rows are not asked, so nothing typed there is missing or kept
    assert client.post(_step(app, 2), stop).status_code == 302
    app.refresh_from_db()
    assert app.data["change"] == {"change_type": "徴収の中止", "effective_month": "2025-06"}


# ---------------------------------------------------------------- an earlier page


def test_a_field_depending_on_an_earlier_page_is_not_rendered_when_it_does_not_apply(
    client, gendogaku, resident
):
    example = example_data(gendogaku.current_version.schema)
    app = _draft(client, gendogaku, resident, data=_with(example, "spouse", has_spouse=False))
    assert "spouse_assets_yen" not in app.data["income_assets"]  # dropped when the draft was saved
    html = client.get(_step(app, 4)).content.decode()
    assert 'name="spouse_assets_yen"' not in html
    assert "配偶者の預貯金等" not in html
    # a tampered form changes nothing
    post = {
        "non_taxable_pension": "受給していない",
        "income_level": "第2段階",
        "deposits_yen": "100000",
        "securities_yen": "0",
        "cash_yen": "0",
        "debts_yen": "0",
        "spouse_assets_yen": "999999",
    }
    assert client.post(_step(app, 4), post).status_code == 302
    app.refresh_from_db()
    assert "spouse_assets_yen" not in app.data["income_assets"]


def test_a_field_depending_on_an_earlier_page_is_asked_plainly_when_it_applies(client, gendogaku, resident):
    app = _draft(client, gendogaku, resident)  # the example has a spouse
    html = client.get(_step(app, 4)).content.decode()
    assert 'name="spouse_assets_yen"' in html
    # decided on an earlier page: no condition to show or toggle here
    assert 'data-field="income_assets.spouse_assets_yen" data-show-if' not in html
    assert "「配偶者がいる（内縁関係を含む）」にチェックした場合" not in html


def test_changing_an_earlier_answer_drops_the_answers_that_no_longer_apply(client, gendogaku, resident):
    app = _draft(client, gendogaku, resident)
    assert app.data["income_assets"]["spouse_assets_yen"] >= 0
    assert "my_number" in full_data(app)["spouse"]  # the spouse's 個人番号, stored encrypted
    post = {}  # back on the spouse page, untick 配偶者がいる (the spouse's answers are still in the form)
    for key, value in app.data["spouse"].items():
        if key != "has_spouse":
            post[key] = value
    assert client.post(_step(app, 3), post).status_code == 302
    app.refresh_from_db()
    assert app.data["spouse"] == {"has_spouse": False}
    assert "spouse_assets_yen" not in app.data["income_assets"]
    assert "my_number" not in full_data(app)["spouse"]


# ---------------------------------------------------------------- afterwards: check page, PDF, case page


@pytest.fixture
def tampered(client, tenshutsu, resident):
    """A draft whose stored data holds an answer to a hidden field (as if saved before conditions)."""
    example = example_data(tenshutsu.current_version.schema)
    app = _draft(client, tenshutsu, resident)
    data = _with(example, "move", whole_household=True, remaining_head_name="改ざん　太郎")
    Application.objects.filter(pk=app.pk).update(data=data)
    app.refresh_from_db()
    return app


def test_check_page_omits_hidden_answers(client, tampered):
    html = client.get(reverse("applications:check", args=[tampered.public_id])).content.decode()
    assert "世帯全員が転出する" in html
    assert REMAINING not in html and "改ざん" not in html
    labels = [row[0] for section in answer_sections(tampered) for row in section["rows"]]
    assert "世帯全員が転出する" in labels and REMAINING not in labels


def test_pdf_copy_and_case_page_omit_hidden_answers(client, tampered, departments, monkeypatch):
    Application.objects.filter(pk=tampered.pk).update(state=State.SUBMITTED, receipt_number="R7-000001")
    tampered.refresh_from_db()
    rendered = []

    class FakeHTML:  # the HTML WeasyPrint would print
        def __init__(self, string):
            rendered.append(string)

        def write_pdf(self):
            return b"%PDF-1.7"

    monkeypatch.setattr("weasyprint.HTML", FakeHTML)
    response = client.get(reverse("applications:copy_pdf", args=[tampered.public_id]))
    assert response.status_code == 200
    assert "世帯全員が転出する" in rendered[0] and REMAINING not in rendered[0]

    staff = staff_member(departments["shimin"], StaffRole.Role.REVIEW, username="shimin-r")
    login_staff(client, staff)
    html = client.get(reverse("cases:case", args=[tampered.public_id])).content.decode()
    assert "世帯全員が転出する" in html
    assert REMAINING not in html and "改ざん" not in html


# ---------------------------------------------------------------- other channels


def test_every_channel_drops_answers_to_hidden_fields(tenshutsu, resident, departments):
    example = example_data(tenshutsu.current_version.schema)
    data = _with(example, "move", whole_household=True, remaining_head_name="改ざん　太郎")
    staff = staff_member(departments["shimin"], StaffRole.Role.RECEPTION, username="shimin-uketsuke")
    app = submit_application(tenshutsu, applicant=resident, data=data, channel="postal", by=staff)
    assert app.state == State.SUBMITTED
    assert "remaining_head_name" not in app.data["move"]
    assert "remaining_head_name" in data["move"]  # the caller's data is left alone


def test_staff_registration_page_shows_every_condition(client, gendogaku, resident, departments):
    staff = staff_member(departments["kaigo"], StaffRole.Role.RECEPTION, username="kaigo-uketsuke")
    login_staff(client, staff)
    url = reverse("cases:register") + f"?procedure=kaigo-futan-gendogaku&person={resident.pk}"
    html = client.get(url).content.decode()
    # every step on one page: a condition on another step is shown and toggled there too
    assert 'data-field="income_assets.spouse_assets_yen" data-show-if=' in html
    assert "表示条件: 「配偶者がいる（内縁関係を含む）」にチェックした場合" in html
    assert "applications/conditions.js" in html


def test_signed_api_submission_with_a_hidden_answer_is_refused(client, tenshutsu, resident):
    """Through the API the client signs its own data: it must be exactly what would be stored."""
    from madoguchi.identity import pki
    from madoguchi.identity.signatures import canonical_bytes
    from madoguchi.identity.signing import sign_detached

    login_resident(client, resident)
    example = example_data(tenshutsu.current_version.schema)
    data = _with(example, "move", whole_household=True, remaining_head_name="改ざん　太郎")
    key, cert, chain = pki.card_signer(resident)
    signature = base64.b64encode(sign_detached(canonical_bytes(data), key=key, certificate=cert, chain=chain))
    response = client.post(
        "/api/v1/applications/",
        {"procedure": "tenshutsu", "data": data, "signature": signature.decode()},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "data.move.remaining_head_name" in response.json()
    assert not Application.objects.exists()
