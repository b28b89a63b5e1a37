"""Login keeps the task (issue 29 item 7): 「オンラインで申請する」 without a login shows a login page
that names the procedure; the login comes back to the start, which goes straight to step 1."""

import pytest
from django.urls import reverse

from madoguchi.applications.models import Application
from madoguchi.identity.assurance import AssuranceLevel
from madoguchi.identity.testing import login_resident

pytestmark = pytest.mark.django_db

START = reverse("applications:start", args=["jidou-teate-genkyo"])


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_login_page_names_the_procedure_and_comes_back(client, genkyo, method):
    response = getattr(client, method)(START)
    assert response.status_code == 200
    page = response.content.decode()
    assert "「児童手当の現況届」をオンラインで申請するには、ログインが必要です" in page
    assert f'action="{reverse("identity:card_login")}"' in page
    assert f'name="next" value="{START}"' in page
    assert not Application.objects.exists()  # nothing is started before the login


def test_after_the_login_the_resident_is_on_step_one(client, genkyo, resident):
    login_resident(client, resident)
    response = client.get(START)  # where the identity provider sends them back
    draft = Application.objects.get(applicant=resident)
    assert response.status_code == 302
    assert response.url == reverse("applications:step", args=[draft.public_id, 1])
    assert client.get(response.url).status_code == 200
    # Coming back again reopens the same draft, it never starts a second one.
    assert client.get(START).url == response.url
    assert Application.objects.filter(applicant=resident).count() == 1


def test_an_email_login_is_told_the_card_is_needed(client, genkyo, resident):
    login_resident(client, resident, level=AssuranceLevel.EMAIL)
    response = client.get(START)
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_an_unknown_procedure_is_not_found(client, db):
    assert client.get(reverse("applications:start", args=["no-such-procedure"])).status_code == 404
