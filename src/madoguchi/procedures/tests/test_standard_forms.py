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


# ---------------------------------------------------------------- items the law or the standard form lists


def _errors(procedure, **changes):
    """The schema's errors for example answers with `changes` ("step__name" → value; None removes)."""
    from madoguchi.applications.examples import example_data
    from madoguchi.procedures.services import collect_errors, prune

    version = procedure.current_version
    data = example_data(version.schema)
    for key, value in changes.items():
        step, name = key.split("__", 1)
        target = data[step]
        if "__" in name:  # the first row of a repeated group
            group, name = name.split("__")
            target = target[group][0]
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value
    return collect_errors(version.schema, prune(version.ui_schema, data))


@pytest.mark.parametrize("code", ["kaigo-nintei", "kaigo-koshin-nintei", "kaigo-kubun-henko"])
def test_care_certification_asks_what_the_standard_form_lists(catalog, code):
    procedure = catalog[code]
    category2 = {"insured__insured_category": "第2号被保険者", "insured__birth_date": _born_aged(50)}
    # the 16 特定疾病 are a list, not free text
    assert "insured.specified_disease" in _errors(procedure, **category2, insured__specified_disease="腰痛")
    assert not _errors(procedure, **category2, insured__specified_disease="脳血管疾患")
    # the 提出代行者's provider number, address and phone
    agency = _errors(procedure, applicant__relationship="居宅介護支援事業者", applicant__office_number=None)
    assert "applicant.office_number" in agency
    assert not _errors(procedure, applicant__relationship="家族", applicant__office_number=None)
    # 過去6か月の入院・入所
    assert "situation.recent_stay_detail" in _errors(
        procedure, situation__recent_stay=True, situation__recent_stay_detail=None
    )
    assert "situation.recent_stay" in _errors(procedure, situation__recent_stay=None)


def test_renewal_asks_the_end_of_the_current_period(catalog):
    assert "insured.valid_until" in _errors(catalog["kaigo-koshin-nintei"], insured__valid_until=None)


def test_welfare_equipment_names_the_manufacturer(catalog):
    errors = _errors(catalog["fukushi-yogu-konyu"], purchase__items__manufacturer=None)
    assert any(key.startswith("purchase.items") for key in errors)


def test_cost_limit_declares_the_income_stage_and_the_spouse_consents(catalog):
    procedure = catalog["kaigo-futan-gendogaku"]
    assert "income_assets.income_level" in _errors(procedure, income_assets__income_level=None)
    assert "income_assets.old_age_welfare_pension" in _errors(
        procedure, income_assets__old_age_welfare_pension=None
    )
    assert "spouse.consent" in _errors(procedure, spouse__has_spouse=True, spouse__consent=None)
    assert not _errors(procedure, spouse__has_spouse=False, spouse__consent=None)
    # 生活保護: no savings to declare
    assert not _errors(procedure, income_assets__welfare=True, income_assets__deposits_yen=None)
    assert "income_assets.deposits_yen" in _errors(
        procedure, income_assets__welfare=False, income_assets__deposits_yen=None
    )


def test_disaster_certificate_covers_landslides_liquefaction_and_the_landlord(catalog):
    procedure = catalog["risai-shomei"]
    assert not _errors(procedure, disaster__disaster_type="土砂災害")
    assert not _errors(procedure, disaster__disaster_type="液状化")
    assert "disaster.owner_name" in _errors(procedure, disaster__ownership="賃貸", disaster__owner_name=None)
    assert not _errors(procedure, disaster__ownership="持ち家", disaster__owner_name=None)
    consent = procedure.current_version.schema["properties"]["declarations"]["properties"]["ledger_consent"]
    assert "被災者台帳" in consent["title"]


def test_moving_out_names_the_destination_municipality(catalog):
    assert "move.new_municipality" in _errors(catalog["tenshutsu"], move__new_municipality=None)


def test_child_allowance_asks_the_spouses_and_each_childs_number(catalog):
    procedure = catalog["jidou-teate-nintei"]
    assert "spouse.my_number" in _errors(procedure, spouse__has_spouse=True, spouse__my_number=None)
    assert not _errors(procedure, spouse__has_spouse=False, spouse__my_number=None)
    child = procedure.current_version.schema["properties"]["children"]["properties"]["list"]["items"]
    assert child["properties"]["my_number"]["format"] == "my-number"


# ---------------------------------------------------------------- money and representation


@pytest.mark.parametrize(
    "code",
    [
        "jidou-teate-nintei",
        "jidou-teate-mishiharai",
        "fukushi-yogu-konyu",
        "jutaku-kaishu",
        "kogaku-kaigo-service-hi",
    ],
)
def test_every_payout_offers_the_public_benefit_account(catalog, code):
    schema = catalog[code].current_version.schema
    assert "公金受取口座" in schema["properties"]["bank_account"]["properties"]["method"]["enum"]
    # with it, no account details are asked
    assert not _errors(catalog[code], bank_account__method="公金受取口座", bank_account__account_number=None)


def test_no_account_is_asked_under_payment_by_proxy_or_at_the_prior_application(catalog):
    equipment = catalog["fukushi-yogu-konyu"]
    assert "bank_account.method" in _errors(
        equipment, purchase__payment_method="償還払い", bank_account__method=None
    )
    assert not _errors(equipment, purchase__payment_method="受領委任払い", bank_account__method=None)
    home = catalog["jutaku-kaishu"]
    claim = {"work__stage": "支給申請（完成後）", "work__completion_date": "2026-10-01"}
    assert "bank_account.method" in _errors(
        home, **claim, work__payment_method="償還払い", bank_account__method=None
    )
    assert not _errors(home, **claim, work__payment_method="受領委任払い", bank_account__method=None)
    assert not _errors(
        home, work__stage="事前申請（着工前）", work__payment_method=None, bank_account__method=None
    )


def test_a_deceased_persons_benefit_goes_to_the_heir(catalog):
    procedure = catalog["kogaku-kaigo-service-hi"]
    assert "insured.heir_name" in _errors(procedure, insured__deceased=True, insured__heir_name=None)
    assert not _errors(procedure, insured__deceased=False, insured__heir_name=None)


def test_unpaid_child_allowance_is_claimed_by_the_child_or_a_legal_representative(catalog):
    errors = _errors(catalog["jidou-teate-mishiharai"], claimant__role="その他")
    assert "claimant.role" in errors


# ---------------------------------------------------------------- what 利用調整 needs (保育)


def test_childcare_certification_has_both_guardians_with_their_hours_and_leave(catalog):
    procedure = catalog["hoiku-nintei"]
    assert "need.guardians" in _errors(procedure, need__single_parent=False)  # one guardian only
    assert not _errors(procedure, need__single_parent=True)
    work = {"need__guardians__reason": "就労"}
    assert any(
        k.startswith("need.guardians")
        for k in _errors(procedure, **work, need__guardians__days_per_week=None)
    )
    assert any(
        k.startswith("need.guardians")
        for k in _errors(procedure, **work, need__guardians__on_leave=True, need__guardians__return_date=None)
    )
    assert not _errors(procedure, **work, need__guardians__on_leave=False, need__guardians__return_date=None)


def test_childcare_application_uses_the_citys_facility_list_and_allocation_points(catalog):
    procedure = catalog["hoiku-moushikomi"]
    schema = procedure.current_version.schema
    facility = schema["properties"]["preferences"]["properties"]["facilities"]["items"]["properties"][
        "facility"
    ]
    assert "132144050001 北町保育園" in facility["enum"]
    assert not any("幼稚園" in name or "児童館" in name for name in facility["enum"])  # not 保育 facilities
    from madoguchi.applications.examples import example_data
    from madoguchi.procedures.services import collect_errors

    data = example_data(schema)
    data["preferences"]["facilities"] = [{"facility": "駅前の保育園"}]
    assert any(k.startswith("preferences.facilities") for k in collect_errors(schema, data))
    household = schema["properties"]["household"]
    assert {"single_parent", "welfare", "disability", "grandparents_together"} <= set(household["required"])
    assert "preferences.if_not_placed" in _errors(procedure, preferences__if_not_placed=None)


def test_child_rearing_allowance_report_carries_what_the_decision_needs(catalog):
    procedure = catalog["jidou-fuyou-genkyo"]
    assert "other_parent.requirement" in _errors(procedure, other_parent__requirement=None)
    assert "other_parent.other_parent_situation" in _errors(
        procedure, other_parent__other_parent_situation=None
    )
    obligor = {"household__members__support_obligor": True, "household__members__my_number": None}
    assert any(k.startswith("household.members") for k in _errors(procedure, **obligor))
    assert not _errors(
        procedure, household__members__support_obligor=False, household__members__my_number=None
    )
    assert "household.pension_yen" in _errors(
        procedure, household__public_pension=True, household__pension_yen=None
    )
    assert not _errors(procedure, household__public_pension=False, household__pension_yen=None)


# ---------------------------------------------------------------- dates that depend on another date or on today


def test_the_visit_to_the_new_municipality_is_not_before_the_move(catalog):
    procedure = catalog["tenshutsu"]
    errors = _errors(procedure, move__planned_date="2026-04-10", onestop__visit_date="2026-04-09")
    assert errors == {
        "onestop.visit_date": [
            "「転入先の市区町村へ来庁する予定日」は「転出予定日」より前の日付にはできません。"
        ]
    }
    assert not _errors(procedure, move__planned_date="2026-04-10", onestop__visit_date="2026-04-10")


@pytest.mark.parametrize(("days", "accepted"), [(-1, False), (0, True), (60, True), (61, False)])
def test_renewal_is_accepted_within_60_days_before_the_period_ends(catalog, days, accepted):
    import datetime

    from madoguchi.core.japanese.birthdate import today_jst

    end = (today_jst() + datetime.timedelta(days=days)).isoformat()
    errors = _errors(catalog["kaigo-koshin-nintei"], insured__valid_until=end)
    if accepted:
        assert errors == {}
    else:
        assert "満了日の60日前から" in errors["insured.valid_until"][0]


@pytest.mark.parametrize(
    ("code", "step"),
    [
        ("jidou-teate-nintei", "claimant"),
        ("jidou-teate-genkyo", "recipient"),
        ("jidou-teate-gaku-kaitei", "recipient"),
        ("jidou-teate-henko", "recipient"),
        ("jidou-teate-shometsu", "recipient"),
        ("hoiku-nintei", "applicant"),
        ("hoiku-moushikomi", "applicant"),
        ("hoiku-genkyo", "applicant"),
    ],
)
def test_a_proxy_can_file_a_child_rearing_form_with_proof(catalog, code, step):
    procedure = catalog[code]
    proxy = {f"{step}__filed_by": "代理人", f"{step}__proxy_name": None}
    assert f"{step}.proxy_name" in _errors(procedure, **proxy)
    assert not _errors(procedure, **{f"{step}__filed_by": None, f"{step}__proxy_name": None})
    [proof] = [a for a in procedure.required_attachments if a["code"] == "dairi"]
    assert proof["required"] == {"field": f"{step}.filed_by", "equals": "代理人"}


def test_childcare_status_report_matches_the_certification(catalog):
    procedure = catalog["hoiku-genkyo"]
    assert "status.guardians" in _errors(procedure, status__single_parent=False)
    work = {"status__guardians__reason": "就労"}
    assert any(
        k.startswith("status.guardians")
        for k in _errors(
            procedure, **work, status__guardians__on_leave=True, status__guardians__return_date=None
        )
    )
    facility = procedure.current_version.schema["properties"]["child"]["properties"]["list"]["items"]
    assert "132144050001 北町保育園" in facility["properties"]["facility"]["enum"]


def _born_aged(years: int) -> str:
    import datetime

    from madoguchi.core.japanese.birthdate import today_jst

    return datetime.date(today_jst().year - years, 1, 1).isoformat()


@pytest.mark.parametrize("code", ["kaigo-nintei", "kaigo-koshin-nintei", "kaigo-kubun-henko"])
@pytest.mark.parametrize(
    ("category", "age", "ok"),
    [
        ("第1号被保険者", 70, True),
        ("第1号被保険者", 50, False),
        ("第2号被保険者", 50, True),
        ("第2号被保険者", 70, False),
    ],
)
def test_the_insured_category_agrees_with_the_age(catalog, code, category, age, ok):
    errors = _errors(catalog[code], insured__insured_category=category, insured__birth_date=_born_aged(age))
    if ok:
        assert "insured.insured_category" not in errors
    else:
        assert "65歳以上の方は第1号被保険者" in errors["insured.insured_category"][0]
