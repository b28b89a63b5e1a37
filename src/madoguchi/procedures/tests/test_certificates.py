"""Issue 25: certificate requests offered online with the fee from the fee ordinance (手数料条例)."""

import pytest

from madoguchi.procedures.services import (
    collect_errors,
    exemptions,
    fee_item,
    fee_quote,
    load_bundled_procedures,
    load_certificate_procedures,
    may_issue_electronically,
)

pytestmark = pytest.mark.django_db

REQUESTER = {
    "full_name": "国分　花子",
    "full_name_kana": "コクブ　ハナコ",
    "birth_date": "1980-04-01",
    "postal_code": "185-0012",
    "address": "東京都国分寺市本町二丁目1番1号",
    "phone": "042-325-0111",
    "relationship": "本人",
}


def juminhyo_answers(copies=2, exemption="免除を申請しない"):
    return {
        "requester": REQUESTER,
        "request": {"scope": "世帯全員", "copies": copies, "purpose": "勤務先への提出"},
        "receiving": {"delivery": "郵送（住民登録の住所）", "exemption": exemption},
        "declarations": {"truthful": True},
    }


@pytest.fixture
def certificates(departments):
    return {p.code: p for p in load_certificate_procedures()}


def test_api_lists_five_paid_certificate_requests_offered_online(client, certificates):
    load_bundled_procedures()
    results = client.get("/api/v1/procedures/", {"page_size": 100}).json()["results"]
    paid_online = [p for p in results if "online" in p["channels"] and p["fee"] > 0]
    assert {p["code"] for p in paid_online} >= {
        "juminhyo-utsushi",
        "koseki-shomei",
        "koseki-fuhyo",
        "kazei-shomei",
        "nozei-shomei",
    }
    assert all(p["payment_timing"] == "before_submit" for p in paid_online)


def test_the_unit_fee_comes_from_the_ordinance(certificates):
    assert certificates["juminhyo-utsushi"].fee == fee_item("juminhyo-utsushi").unit_fee == 300
    assert certificates["koseki-shomei"].fee == 450
    assert {e.code for e in exemptions()} >= {"seikatsu_hogo", "public_body"}


def test_fee_is_copies_times_unit_fee(certificates):
    version = certificates["juminhyo-utsushi"].current_version
    quote = fee_quote(version, juminhyo_answers(copies=2))
    assert (quote.copies, quote.item.unit_fee, quote.total) == (2, 300, 600)
    claimed = fee_quote(
        version, juminhyo_answers(copies=3, exemption="生活保護を受けている（保護の手続に使う）")
    )
    assert claimed.exemption_claimed and claimed.total == 0 and claimed.gross == 900


def test_the_answers_fit_the_form_and_my_number_is_off_unless_ticked(certificates):
    schema = certificates["juminhyo-utsushi"].current_version.schema
    assert collect_errors(schema, juminhyo_answers()) == {}
    assert "show_my_number" not in schema["properties"]["request"]["required"]
    assert collect_errors(schema, juminhyo_answers(copies=11))


def test_only_tax_certificates_may_be_issued_electronically(certificates):
    assert may_issue_electronically(certificates["kazei-shomei"].current_version)
    assert not may_issue_electronically(certificates["juminhyo-utsushi"].current_version)


def test_a_proxy_must_attach_the_delegation_letter(certificates):
    spec = certificates["juminhyo-utsushi"].attachment_spec("ininjo")
    assert spec["required"] == {"field": "requester.relationship", "equals": "代理人（委任状が必要）"}


def test_loading_twice_changes_nothing(certificates):
    again = load_certificate_procedures()
    assert all(p.versions.count() == 1 for p in again)
