"""`can_anywhere` (menus and list pages) looks at the user's own roles: a colleague's role in any
department gives nobody else the permission (mutation gate survivor, docs/quality/mutation.md)."""

import pytest

from madoguchi.core import access
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member

pytestmark = pytest.mark.django_db
R = StaffRole.Role


def test_a_colleagues_role_does_not_count_for_anyone_else():
    mine, other = DepartmentFactory(), DepartmentFactory()
    chief = staff_member(other, R.APPROVAL, username="chief")
    clerk = staff_member(mine, R.RECEPTION, username="clerk")
    assert access.can_anywhere(chief, access.CASE_DECIDE)
    assert not access.can_anywhere(clerk, access.CASE_DECIDE)  # 決裁 is held only by someone else
    assert access.can_anywhere(clerk, access.CASE_VIEW)  # the clerk's own role still counts
