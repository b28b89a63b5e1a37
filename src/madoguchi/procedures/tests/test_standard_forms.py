"""What the standard forms and the law ask for (issue 32): the 介護保険被保険者証 on the 要介護認定
applications and the care-plan 届出, the 妊娠届's items of 母子保健法施行規則第3条, the
公金受取口座 as a way to receive the 児童手当."""

import pytest

from madoguchi.procedures.services import load_bundled_procedures

pytestmark = pytest.mark.django_db

CARD_PROCEDURES = ["kaigo-nintei", "kaigo-koshin-nintei", "kaigo-kubun-henko", "kaigo-careplan-todoke"]


@pytest.fixture
def catalog(departments):
    return {p.code: p for p in load_bundled_procedures()}


def _api(client, code):
    response = client.get(f"/api/v1/procedures/{code}/")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("code", CARD_PROCEDURES)
def test_the_insurance_card_is_attached_or_posted_or_brought_by_a_deadline(client, catalog, code):
    body = _api(client, code)
    [card] = [a for a in body["required_attachments"] if a["code"] == "hihokensha-sho"]
    assert "被保険者証" in card["name"]
    assert "14日以内" in card["instruction"] and "郵送" in card["instruction"]
    assert card["required"] == {"field": "insured.card_submission", "equals": "画像を添付する"}
    choice = body["schema"]["properties"]["insured"]["properties"]["card_submission"]
    assert set(choice["enum"]) == {"画像を添付する", "郵送する", "窓口に持参する"}
    assert "14日以内" in choice["description"]


def test_a_category_2_applicant_has_no_card_to_hand_in(client, catalog):
    body = _api(client, "kaigo-nintei")
    insured = body["schema"]["properties"]["insured"]
    assert "card_submission" not in insured["required"]
    assert body["ui_schema"]["fields"]["insured.card_submission"]["show_if"] == {
        "field": "insured.insured_category",
        "equals": "第1号被保険者",
    }


def test_the_procedure_page_says_how_to_hand_in_the_card(client, catalog):
    html = client.get("/procedures/kaigo-nintei/").content.decode()
    assert "介護保険被保険者証" in html
    assert "「介護保険被保険者証の提出方法」で「画像を添付する」を選んだ場合は必須" in html
    assert "申請日から14日以内" in html


def test_pregnancy_notification_asks_what_the_ordinance_lists(client, catalog):
    schema = _api(client, "ninshin-todoke")["schema"]["properties"]
    checkup = schema["health"]["properties"]["std_tb_checkup"]
    assert checkup["title"] == "性病及び結核に関する健康診断の有無"
    assert "std_tb_checkup" in schema["health"]["required"]
    assert schema["pregnancy"]["properties"]["practitioner_name"]["title"].endswith("医師または助産師の氏名")
    assert "weeks" in schema["pregnancy"]["required"]
    # a filer other than the pregnant person
    applicant = schema["applicant"]
    assert applicant["properties"]["filed_by"]["enum"] == ["妊婦本人", "妊婦以外の方（代理人）"]
    assert {"filer_name", "filer_relationship", "filer_address", "filer_phone"} <= set(
        applicant["properties"]
    )


def test_child_allowance_can_be_paid_to_the_public_benefit_account(client, catalog):
    body = _api(client, "jidou-teate-nintei")
    method = body["schema"]["properties"]["bank_account"]["properties"]["method"]
    assert "公金受取口座" in method["enum"]
    assert "method" in body["schema"]["properties"]["bank_account"]["required"]
    [bankbook] = [a for a in body["required_attachments"] if a["code"] == "bankbook"]
    assert bankbook["required"] == {"field": "bank_account.method", "equals": "指定の口座"}
