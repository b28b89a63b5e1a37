"""How a logged-in request finds its account (利用者), in one query.

Every request with a session asks three things about its user: the account, whether it is a city
account (a staff role: the second-factor check in identity.mfa asks on every request) and, for a
resident, their Person. Django's ModelBackend answers the first with one query and leaves the
others to two more; this backend reads all three at once (ADR 0007, issue 27).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef, QuerySet

from .models import StaffRole
from .prepared import PreparedRead

# the annotation access.is_staff_account reads instead of querying the roles again
HOLDS_ROLE = "holds_staff_role"


def _account(pk) -> QuerySet:
    roles = StaffRole.objects.filter(user=OuterRef("pk"))
    # The My Number stays encrypted in the row until a page needs it (one more read there): not
    # decrypted on every request, which also cost a fernet decryption each time.
    accounts = get_user_model()._default_manager.select_related("person").defer("person__my_number_encrypted")
    return accounts.annotate(**{HOLDS_ROLE: Exists(roles)}).filter(pk=pk)


_ACCOUNT = PreparedRead(_account)  # compiled once per process: the ORM's compile was most of the read


class AccountBackend(ModelBackend):
    """ModelBackend (passwords, permissions, `is_active`) whose `get_user` also loads the Person
    and whether the account holds a staff role."""

    def get_user(self, user_id):
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _ACCOUNT.first(pk)
        return user if user is not None and self.user_can_authenticate(user) else None
