import pytest

from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory
from madoguchi.identity.assurance import AssuranceLevel, current_level
from madoguchi.identity.testing import browser_login, login_resident

pytestmark = pytest.mark.django_db


def test_levels_are_ordered():
    assert AssuranceLevel.CARD_SIGN.satisfies(AssuranceLevel.CARD_AUTH)
    assert AssuranceLevel.CARD_AUTH.satisfies("email")
    assert not AssuranceLevel.EMAIL.satisfies(AssuranceLevel.CARD_AUTH)


def test_login_resident_sets_the_level(client, rf):
    person = PersonFactory()
    user = login_resident(client, person, AssuranceLevel.EMAIL)
    assert user.person == person
    request = rf.get("/")
    request.user, request.session = user, client.session
    assert current_level(request) == AssuranceLevel.EMAIL


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_login_gives_the_page_a_session(page, live_server):
    MunicipalityFactory()
    person = PersonFactory(family_name="国分", given_name="花子")
    browser_login(page, live_server.url, person)
    page.goto("/")
    assert "国分" in page.locator("header").inner_text()
