"""Conditional attachments (issue 32): a document is required only when the answers call for it
(`required_attachments[].required` as a condition in the `show_if` language), and the one check
in applications' services holds on every channel: the resident's web flow, the API and staff
paper registration."""

import base64
import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from madoguchi.applications import services
from madoguchi.applications.examples import example_data
from madoguchi.applications.models import Application
from madoguchi.core.events import Event
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.identity import pki
from madoguchi.identity.signatures import canonical_bytes
from madoguchi.identity.signing import sign_detached
from madoguchi.identity.testing import login_resident, login_staff, resident_user
from madoguchi.procedures.services import FormDataError, load_procedure_definition, prune
from madoguchi.procedures.tests.factories import definition

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
CHILD_APART = {"living": "別居", "address": "東京都府中市宮西町1丁目1番地"}

PROXY, SELF = "申請者（代理人）", "被保険者本人"
PAID_TO = {"bank_account.method": "指定の口座"}  # not the 公金受取口座
CLAIMED = {
    "work.stage": "支給申請（完成後）",
    "work.completion_date": "2026-10-01",
    "work.payment_method": "償還払い",
}
HEIR = {
    "insured.deceased": True,
    "insured.heir_name": "窓口　太郎",
    "insured.heir_relationship": "長男",
    "insured.heir_address": "東京都国分寺市本町二丁目1番1号",
    "insured.heir_phone": "042-325-0111",
}

# (procedure, document, answers that call for it, answers that do not)
CASES = [
    (
        "jidou-teate-nintei",
        "bankbook",
        {"bank_account.method": "指定の口座"},
        {"bank_account.method": "公金受取口座"},
    ),
    (
        "jidou-teate-nintei",
        "bekkyo-kango",
        {"children.list.0": CHILD_APART},
        {"children.list.0": {"living": "同居"}},
    ),
    (
        "jidou-teate-genkyo",
        "bekkyo-kango",
        {"status.list.0": CHILD_APART},
        {"status.list.0": {"living": "同居"}},
    ),
    (
        "jidou-teate-gaku-kaitei",
        "bekkyo-kango",
        {"children.list.0": CHILD_APART},
        {"children.list.0": {"living": "同居"}},
    ),
    (
        "fukushi-yogu-konyu",
        "inin",
        {**PAID_TO, "bank_account.payee": PROXY},
        {**PAID_TO, "bank_account.payee": SELF},
    ),
    (
        "fukushi-yogu-konyu",
        "inin",
        {**PAID_TO, "bank_account.payee": PROXY},
        {"bank_account.method": "公金受取口座"},
    ),
    (
        "kogaku-kaigo-service-hi",
        "inin",
        {**PAID_TO, "bank_account.payee": PROXY},
        {**PAID_TO, "bank_account.payee": SELF},
    ),
    (
        "jutaku-kaishu",
        "inin",
        {**CLAIMED, **PAID_TO, "bank_account.payee": PROXY},
        {**CLAIMED, **PAID_TO, "bank_account.payee": SELF},
    ),
    # 受領委任払い: no account is asked, so no 委任状 for one
    (
        "jutaku-kaishu",
        "inin",
        {**CLAIMED, **PAID_TO, "bank_account.payee": PROXY},
        {**CLAIMED, "work.payment_method": "受領委任払い", **PAID_TO, "bank_account.payee": PROXY},
    ),
    (
        "jutaku-kaishu",
        "shodakusho",
        {"insured.ownership": "賃貸（家主）", "insured.owner_consent": True},
        {"insured.ownership": "被保険者本人"},
    ),
    (
        "jutaku-kaishu",
        "photo-after",
        {"work.stage": "支給申請（完成後）", "work.completion_date": "2026-10-01"},
        {"work.stage": "事前申請（着工前）"},
    ),
    (
        "jutaku-kaishu",
        "ryoshusho",
        {"work.stage": "支給申請（完成後）", "work.completion_date": "2026-10-01"},
        {"work.stage": "事前申請（着工前）"},
    ),
    ("risai-shomei", "inin", {"applicant.relationship": "代理人"}, {"applicant.relationship": "世帯主"}),
    ("kaigo-futan-gendogaku", "yochokin", {"income_assets.welfare": False}, {"income_assets.welfare": True}),
]
# 保育: the documents behind the 利用調整 points
CASES += [
    ("hoiku-moushikomi", "hitorioya", {"household.single_parent": True}, {"household.single_parent": False}),
    ("hoiku-moushikomi", "shogai", {"household.disability": True}, {"household.disability": False}),
]
# 児童扶養手当の現況届: the pension and the rent
CASES += [
    (
        "jidou-fuyou-genkyo",
        "nenkin",
        {
            "household.public_pension": True,
            "household.pension_type": "障害年金",
            "household.pension_yen": 800000,
        },
        {"household.public_pension": False},
    ),
    (
        "jidou-fuyou-genkyo",
        "chintai",
        {"household.housing": "借家・賃貸", "household.monthly_rent": 60000},
        {"household.housing": "持ち家"},
    ),
]


# a proxy files a child-rearing form: the 委任状 (or a legal representative's proof)
def _proxy(step):
    return {
        f"{step}.filed_by": "代理人",
        f"{step}.proxy_name": "窓口　太郎",
        f"{step}.proxy_relationship": "祖父",
        f"{step}.proxy_address": "東京都国分寺市本町二丁目1番1号",
        f"{step}.proxy_phone": "042-325-0111",
    }


CASES += [
    ("jidou-teate-nintei", "dairi", _proxy("claimant"), {"claimant.filed_by": "請求者本人"}),
    ("jidou-teate-genkyo", "dairi", _proxy("recipient"), {"recipient.filed_by": "受給者本人"}),
    ("hoiku-moushikomi", "dairi", _proxy("applicant"), {"applicant.filed_by": "申請者本人"}),
]
# money and representation
CASES += [
    ("jidou-teate-mishiharai", "bankbook", PAID_TO, {"bank_account.method": "公金受取口座"}),
    (
        "jidou-teate-mishiharai",
        "legal-rep-proof",
        {"claimant.role": "児童の法定代理人"},
        {"claimant.role": "児童本人"},
    ),
    ("kogaku-kaigo-service-hi", "sozoku", HEIR, {"insured.deceased": False}),
]
# 介護保険被保険者証 (介護保険法27条ほか): an image, or posted or brought within the deadline
CARD_ON, CARD_OFF = {"insured.card_submission": "画像を添付する"}, {"insured.card_submission": "郵送する"}
CASES += [
    ("kaigo-nintei", "hihokensha-sho", CARD_ON, CARD_OFF),
    ("kaigo-koshin-nintei", "hihokensha-sho", CARD_ON, {"insured.card_submission": "窓口に持参する"}),
    ("kaigo-kubun-henko", "hihokensha-sho", CARD_ON, CARD_OFF),
    ("kaigo-careplan-todoke", "hihokensha-sho", CARD_ON, CARD_OFF),
    # 妊娠届 by someone other than the pregnant person
    (
        "ninshin-todoke",
        "inin",
        {
            "applicant.filed_by": "妊婦以外の方（代理人）",
            "applicant.filer_name": "窓口　太郎",
            "applicant.filer_relationship": "夫",
            "applicant.filer_address": "東京都国分寺市本町二丁目1番1号",
            "applicant.filer_phone": "042-325-0111",
        },
        {"applicant.filed_by": "妊婦本人"},
    ),
]
IDS = [f"{code}-{kind}-{i}" for i, (code, kind, _on, _off) in enumerate(CASES)]


def _answers(procedure, changes: dict) -> dict:
    """Example answers with `changes` ("step.name" → value, "step.group.0" → fields of that row)."""
    data = copy.deepcopy(example_data(procedure.current_version.schema))
    for path, value in changes.items():
        parts = path.split(".")
        if len(parts) == 3:
            data[parts[0]][parts[1]][int(parts[2])].update(value)
        else:
            data[parts[0]][parts[1]] = value
    return prune(procedure.current_version.ui_schema, data)


def _others(procedure, data, kind) -> list[str]:
    """Every other document these answers call for (so only `kind` can be missing)."""
    needed = services.needed_attachments(procedure, procedure.current_version, data)
    return [spec["code"] for spec in needed if spec["code"] != kind]


def _files(kinds):
    return [(kind, SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")) for kind in kinds]


# ---------------------------------------------------------------- the condition itself


@pytest.mark.parametrize(("code", "kind", "on", "off"), CASES, ids=IDS)
def test_the_document_is_needed_only_when_its_condition_holds(departments, code, kind, on, off):
    procedure = load_procedure_definition(definition(code))
    version = procedure.current_version

    def needed(changes):
        data = _answers(procedure, changes)
        return kind in {s["code"] for s in services.needed_attachments(procedure, version, data)}

    assert needed(on)
    assert not needed(off)


# ---------------------------------------------------------------- staff paper registration


@pytest.fixture
def staff(departments):
    def make(procedure):
        return staff_member(
            procedure.department, StaffRole.Role.RECEPTION, username=f"{procedure.department.code}-reception"
        )

    return make


@pytest.mark.parametrize(("code", "kind", "on", "off"), CASES, ids=IDS)
def test_paper_registration_needs_the_document_only_when_its_condition_holds(
    departments, staff, resident, code, kind, on, off
):
    procedure = load_procedure_definition(definition(code))
    by = staff(procedure)
    data = _answers(procedure, on)
    with pytest.raises(FormDataError) as info:
        services.register_paper_application(
            procedure, applicant=resident, data=data, by=by, documents_received=_others(procedure, data, kind)
        )
    assert list(info.value.message_dict) == [f"attachment-{kind}"]
    assert "を添付してください" in info.value.message_dict[f"attachment-{kind}"][0]
    assert not Application.objects.exists()
    # received on paper: registered, and the Event says which documents came with it
    app = services.register_paper_application(
        procedure,
        applicant=resident,
        data=data,
        by=by,
        channel="postal",
        documents_received=[*_others(procedure, data, kind), kind],
    )
    assert kind in app.events().get(verb="submitted").data["documents_received"]
    # the condition does not hold: registered without it
    data = _answers(procedure, off)
    services.register_paper_application(
        procedure, applicant=resident, data=data, by=by, documents_received=_others(procedure, data, kind)
    )
    assert Application.objects.count() == 2


def test_a_scanned_document_counts_on_paper_too(departments, staff, resident):
    procedure = load_procedure_definition(definition("fukushi-yogu-konyu"))
    data = _answers(procedure, {**PAID_TO, "bank_account.payee": PROXY})
    app = services.register_paper_application(
        procedure,
        applicant=resident,
        data=data,
        by=staff(procedure),
        attachments=_files(["inin"]),
        documents_received=_others(procedure, data, "inin"),
    )
    assert list(app.attachments.values_list("kind", flat=True)) == ["inin"]


def test_documents_received_on_paper_are_refused_online_and_must_be_the_procedures(departments, resident):
    procedure = load_procedure_definition(definition("risai-shomei"))
    data = _answers(procedure, {})
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="紙で受け取った書類は登録できません"):
        services.submit_application(
            procedure,
            applicant=resident,
            data=data,
            channel="online",
            by=resident_user(resident),
            documents_received=["higai-shashin"],
        )
    with pytest.raises(ValidationError, match="受け付けていない書類の種類です: juminhyo"):
        services.submit_application(
            procedure,
            applicant=resident,
            data=data,
            channel="counter",
            by=None,
            documents_received=["juminhyo"],
        )
    assert not Application.objects.exists()


def test_the_paper_registration_page_asks_for_each_document(client, departments, resident):
    procedure = load_procedure_definition(definition("fukushi-yogu-konyu"))
    user = staff_member(procedure.department, StaffRole.Role.RECEPTION, username="kaigo-paper")
    login_staff(client, user)
    url = reverse("cases:register") + f"?procedure={procedure.code}&person={resident.pk}"
    html = client.get(url).content.decode()
    assert 'name="received-inin"' in html
    assert "「振込先の名義」で「申請者（代理人）」を選んだ場合は必須" in html
    assert 'enctype="multipart/form-data"' in html


# ---------------------------------------------------------------- the resident's web flow


@pytest.mark.parametrize(("code", "kind", "on", "off"), CASES, ids=IDS)
def test_web_flow_asks_for_the_document_only_when_its_condition_holds(
    client, departments, resident, code, kind, on, off
):
    procedure = load_procedure_definition(definition(code))
    user = login_resident(client, resident)
    draft = services.start_application(procedure, applicant=resident, by=user)
    url = reverse("applications:attachments", args=[draft.public_id])
    name = procedure.attachment_spec(kind)["name"]

    data = _answers(procedure, on)
    services.save_draft(draft, by=user, data=data)
    for other in _others(procedure, data, kind):
        services.store_attachment(draft, by=user, kind=other, upload=_files([other])[0][1])
    html = client.get(url).content.decode()
    assert f'for="attachment-{kind}">{name}<span class="field__required">必須</span>' in html
    response = client.post(url, {"continue": "1"})
    assert response.status_code == 400
    assert "この書類を添付してください。" in response.content.decode()
    with pytest.raises(FormDataError) as info:  # what 「申請する」 calls, after signing where needed
        services.submit_draft(draft, by=user)
    assert list(info.value.message_dict) == [f"attachment-{kind}"]

    data = _answers(procedure, off)
    services.save_draft(draft, by=user, data=data)
    for spec in services.application_attachments(draft):
        if not spec["needed"]:  # attached for the other answers: not needed now
            draft.attachments.filter(kind=spec["code"]).delete()
    for missing in services.missing_required_attachments(draft):  # what these answers need instead
        services.store_attachment(
            draft, by=user, kind=missing["code"], upload=_files([missing["code"]])[0][1]
        )
    html = client.get(url).content.decode()
    assert f'for="attachment-{kind}">{name}<span class="field__required">' not in html
    if not isinstance(procedure.attachment_spec(kind)["required"], bool):
        assert "お答えの内容では不要な書類" in html and name in html
    assert client.post(url, {"continue": "1"}).status_code == 302
    app = services.submit_draft(draft, by=user)
    assert app.receipt_number


def test_a_correction_that_calls_for_a_document_needs_it_on_resubmission(client, departments, resident):
    """補正: the resident now has a proxy paid; the 委任状 is needed before 再提出."""
    procedure = load_procedure_definition(definition("fukushi-yogu-konyu"))
    user = resident_user(resident)
    data = _answers(procedure, {**PAID_TO, "bank_account.payee": SELF})
    app = services.submit_application(
        procedure,
        applicant=resident,
        data=data,
        channel="online",
        by=user,
        attachments=_files(_others(procedure, data, "inin")),
    )
    reviewer = staff_member(procedure.department, StaffRole.Role.REVIEW, username="kaigo-review")
    services.start_review(app, by=reviewer)
    services.request_correction(app, by=reviewer, reason="振込先をご確認ください")
    proxy = _answers(procedure, {**PAID_TO, "bank_account.payee": PROXY})
    with pytest.raises(FormDataError) as info:
        services.resubmit(app, by=user, data=proxy)
    assert list(info.value.message_dict) == ["attachment-inin"]
    services.resubmit(app, by=user, data=proxy, attachments=_files(["inin"]))
    app.refresh_from_db()
    assert app.state == "resubmitted"


# ---------------------------------------------------------------- the API


def _api_post(client, procedure, resident, data, kinds):
    body = {
        "procedure": procedure.code,
        "data": data,
        "attachments": [
            {"kind": kind, "name": f"{kind}.pdf", "content": base64.b64encode(PDF).decode()} for kind in kinds
        ],
    }
    if procedure.assurance == "card_sign":
        key, cert, chain = pki.card_signer(resident)
        body["signature"] = base64.b64encode(
            sign_detached(canonical_bytes(data), key=key, certificate=cert, chain=chain)
        ).decode()
    return client.post("/api/v1/applications/", body, content_type="application/json")


@pytest.mark.parametrize(("code", "kind", "on", "off"), CASES, ids=IDS)
def test_api_needs_the_document_only_when_its_condition_holds(
    client, departments, resident, code, kind, on, off
):
    procedure = load_procedure_definition(definition(code))
    login_resident(client, resident)
    data = _answers(procedure, on)
    response = _api_post(client, procedure, resident, data, _others(procedure, data, kind))
    assert response.status_code == 400, response.content
    assert list(response.json()) == [f"attachment-{kind}"]
    assert not Event.objects.filter(verb="submitted").exists()
    response = _api_post(client, procedure, resident, data, [*_others(procedure, data, kind), kind])
    assert response.status_code == 201, response.content
    assert kind in set(Application.objects.get().attachments.values_list("kind", flat=True))
    data = _answers(procedure, off)
    response = _api_post(client, procedure, resident, data, _others(procedure, data, kind))
    assert response.status_code == 201, response.content
