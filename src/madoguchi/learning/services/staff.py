"""Who counts as staff (職員) for training: the population every rate is measured against.

A staff member is an active account holding at least one role (StaffRole); they belong to each
department in which they hold a role. The same definition feeds the manager's list, the reminders
and the plan's rates, so the figures and the lists always agree.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from madoguchi.core.models import Department, StaffRole


def staff_accounts() -> QuerySet:
    User = get_user_model()
    return User.objects.filter(is_active=True, staff_roles__isnull=False).distinct().order_by("username")


def department_staff(department: Department | int) -> QuerySet:
    department_id = department.pk if isinstance(department, Department) else department
    return staff_accounts().filter(staff_roles__department_id=department_id)


def departments_of(user) -> list[Department]:
    return list(
        Department.objects.filter(
            pk__in=StaffRole.objects.filter(user=user).values("department_id")
        ).order_by("sort_order", "code")
    )


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()
