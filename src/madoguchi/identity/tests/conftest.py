import datetime

import pytest

from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory
from madoguchi.identity.cards import card_for
from madoguchi.identity.testing_http import local_session


@pytest.fixture
def local_idp(monkeypatch):
    """The relying party reaches the test IdP in-process (no live server needed)."""
    from madoguchi.identity import oidc

    monkeypatch.setattr(oidc, "http_session", lambda: local_session())


@pytest.fixture
def card_holder(db):
    MunicipalityFactory()
    person = PersonFactory(
        family_name="国分",
        given_name="花子",
        birth_date=datetime.date(1988, 5, 3),
        gender=2,
        address="東京都国分寺市泉町二丁目3番4号",
        postal_code="185-0024",
    )
    card_for(person)
    return person
