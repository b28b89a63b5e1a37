import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse

from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity.assurance import SESSION_KEY, AssuranceLevel, assurance_required, what_to_do
from madoguchi.identity.testing import resident_user

pytestmark = pytest.mark.django_db


@assurance_required(AssuranceLevel.CARD_SIGN)
def signed_procedure(request):
    return HttpResponse("form")


def _request(rf, user, level=None):
    request = rf.get("/procedures/x/apply/")
    request.user, request.session = user, SessionStore()
    if level:
        request.session[SESSION_KEY] = level
    request._messages = FallbackStorage(request)
    return request


def test_below_the_level_the_resident_is_told_and_sent_to_log_in(rf):
    request = _request(rf, AnonymousUser())
    response = signed_procedure(request)
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    assert [str(m) for m in request._messages] == [what_to_do(AssuranceLevel.CARD_SIGN)]
    assert "窓口" in what_to_do(AssuranceLevel.CARD_SIGN)


def test_email_level_is_not_enough_for_a_card_procedure(rf):
    user = resident_user(PersonFactory())
    assert signed_procedure(_request(rf, user, AssuranceLevel.EMAIL)).status_code == 302
    assert signed_procedure(_request(rf, user, AssuranceLevel.CARD_AUTH)).content == b"form"
