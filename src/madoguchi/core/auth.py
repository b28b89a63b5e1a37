"""How a logged-in request finds its account (利用者), in one query.

Every request with a session asks three things about its user: the account, whether it is a city
account (a staff role: the second-factor check in identity.mfa asks on every request) and, for a
resident, their Person. Django's ModelBackend answers the first with one query and leaves the
others to two more; this backend reads all three at once (ADR 0007, issue 27).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from .models import StaffRole

# the annotation access.is_staff_account reads instead of querying the roles again
HOLDS_ROLE = "holds_staff_role"


class AccountBackend(ModelBackend):
    """ModelBackend (passwords, permissions, `is_active`) whose `get_user` also loads the Person
    and whether the account holds a staff role."""

    def get_user(self, user_id):
        accounts = get_user_model()._default_manager.select_related("person")
        roles = StaffRole.objects.filter(user=OuterRef("pk"))
        user = accounts.annotate(**{HOLDS_ROLE: Exists(roles)}).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
