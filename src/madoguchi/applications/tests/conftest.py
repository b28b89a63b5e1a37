import datetime

import pytest
from django.utils import translation

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.procedures.tests.factories import bundled_procedure, demo_departments

R = StaffRole.Role


@pytest.fixture
def city(db):
    return MunicipalityFactory()


@pytest.fixture
def departments(db):
    """The demo city's departments (procedures name them by code)."""
    return demo_departments()


@pytest.fixture
def genkyo(departments):
    """児童手当の現況届, published."""
    return bundled_procedure("jidou-teate-genkyo")


@pytest.fixture
def resident(db, city):
    return PersonFactory(
        family_name="窓口",
        given_name="花子",
        family_name_kana="マドグチ",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1988, 5, 3),
        postal_code="185-0012",
        phone="042-325-0111",
    )


@pytest.fixture
def other_resident(db, city):
    return PersonFactory()


@pytest.fixture
def childcare_staff(departments):
    return staff_member(
        departments["kodomo-shien"], R.RECEPTION, R.REVIEW, R.APPROVAL, username="kodomo-staff"
    )


@pytest.fixture
def kaigo_staff(departments):
    return staff_member(departments["kaigo"], R.RECEPTION, R.REVIEW, R.APPROVAL, username="kaigo-staff")


def genkyo_data(**recipient_overrides) -> dict:
    recipient = {
        "full_name": "窓口　花子",
        "full_name_kana": "マドグチ　ハナコ",
        "birth_date": "1988-05-03",
        "postal_code": "185-0012",
        "address": "東京都国分寺市本町二丁目1番1号",
        "phone": "042-325-0111",
        "pension": "厚生年金",
        **recipient_overrides,
    }
    return {
        "recipient": recipient,
        "status": {
            "filing_reason": "住民票の住所が児童と異なる",
            "has_spouse": False,
            "list": [
                {
                    "full_name": "窓口　陽菜",
                    "full_name_kana": "マドグチ　ヒナ",
                    "birth_date": "2018-04-10",
                    "relationship": "子",
                    "living": "同居",  # 別居 would need the 別居監護申立書 (test_conditional_attachments)
                    "age_group": "高校生年代まで",
                }
            ],
        },
        "declarations": {"records_consent": True, "truthful": True},
    }


@pytest.fixture
def genkyo_application(genkyo, resident):
    from madoguchi.applications.services import submit_application
    from madoguchi.identity.testing import resident_user

    return submit_application(
        genkyo, applicant=resident, data=genkyo_data(), channel="online", by=resident_user(resident)
    )


@pytest.fixture
def staff_client(client, childcare_staff):
    login_staff(client, childcare_staff)
    return client


@pytest.fixture(autouse=True)
def _japanese():
    """Messages are asserted in Japanese; a request in English must not leak into the next test."""
    translation.activate("ja")
    yield
    translation.activate("ja")
