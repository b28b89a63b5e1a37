"""Role-matrix cases for privacy (tests/quality/roles.py)."""

from tests.quality.roles import Decision, decision

from madoguchi.privacy import services
from madoguchi.privacy.models import AccessAlert

from .factories import access_alert


@decision("privacy.review")
def sign_off_an_access_alert():
    alert = access_alert(reader_name="role-matrix-reader")
    return Decision(
        department=alert.department,
        perform=lambda user: services.review_alert(
            alert, by=user, outcome="justified", note="転入の集中処理"
        ),
        effect=lambda: AccessAlert.objects.get(pk=alert.pk).status,
    )
