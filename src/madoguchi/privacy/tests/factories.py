"""Objects of privacy for tests (and other apps' tests)."""

from django.utils import timezone

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.privacy.models import AccessAlert


def access_alert(department=None, *, reader_name="privacy-reader", count=200) -> AccessAlert:
    """An open volume alert about a clerk of `department` (a new department by default)."""
    department = department or DepartmentFactory()
    reader = staff_member(department, StaffRole.Role.RECEPTION, username=reader_name)
    now = timezone.now()
    return AccessAlert.objects.create(
        kind=AccessAlert.Kind.VOLUME,
        staff=reader,
        department=department,
        window_start=now,
        window_end=now,
        count=count,
        norm=60,
    )
