"""Who may do what: staff roles are per department (職員権限は課ごと)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .models import Department, StaffRole


def has_role(user, role: str, department: Department | None = None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    roles = StaffRole.objects.filter(user=user, role=role)
    if department is not None:
        roles = roles.filter(department=department)
    return roles.exists()


def is_staff_member(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.staff_roles.exists()


def departments_of(user):
    """The departments whose cases this staff member may see."""
    if not getattr(user, "is_authenticated", False):
        return Department.objects.none()
    return Department.objects.filter(staff_roles__user=user).distinct()


def ensure_department_access(user, department: Department) -> None:
    if not StaffRole.objects.filter(user=user, department=department).exists():
        raise PermissionDenied(_("この部署の情報を見る権限がありません。"))
