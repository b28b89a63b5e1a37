"""Who works at the counter: staff of the departments whose windows, tickets, reservations and
no-writing-counter sessions they handle (core.access's COUNTER_WORK)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.models import Department, User

from ..models import CounterSession, Window

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def is_counter_staff(user: User | AnonymousUser) -> bool:
    """Counter work (窓口業務) is for staff holding a case-handling role somewhere."""
    return access.can_anywhere(user, access.COUNTER_WORK)


def ensure_counter_staff(user: User | AnonymousUser) -> None:
    if not is_counter_staff(user):
        raise PermissionDenied(_("窓口の操作は職員だけができます。"))


def counter_departments(user: User | AnonymousUser):
    """The departments whose windows, tickets and reservations `user` works on."""
    return access.departments_where(user, access.COUNTER_WORK)


def may_work_for(user: User | AnonymousUser, *departments: Department | int | None) -> bool:
    """Desk work on a window, ticket or reservation is for the staff of its department(s) (any
    counter staff when none is set)."""
    assigned = [d for d in departments if d is not None]
    if not assigned:
        return is_counter_staff(user)
    return any(access.can(user, access.COUNTER_WORK, department) for department in assigned)


def ensure_works_for(user: User | AnonymousUser, *departments: Department | int | None) -> None:
    if not may_work_for(user, *departments):
        raise PermissionDenied(access.COUNTER_WORK.refusal)


def windows_for(user: User | AnonymousUser):
    """The windows whose queue `user` may see and call: their departments' (and unassigned ones)."""
    return Window.objects.filter(Q(department__in=counter_departments(user)) | Q(department__isnull=True))


def is_onestop_staff(user: User | AnonymousUser) -> bool:
    """書かない窓口 is run by the departments that staff counter windows."""
    return Window.objects.filter(department__in=counter_departments(user)).exists()


def ensure_onestop_staff(user: User | AnonymousUser) -> None:
    if not is_onestop_staff(user):
        raise PermissionDenied(_("書かない窓口は窓口を担当する部署の職員だけが使えます。"))


def may_see_session(user: User | AnonymousUser, session: CounterSession) -> bool:
    """A counter session (with the resident's personal data) is for the staff of the departments
    of the staff member who started it."""
    return counter_departments(user).filter(staff_roles__user_id=session.staff_id).exists()


def actor_or_none(by: User | AnonymousUser | None) -> User | None:
    """The acting user, or None for a visitor at the kiosk (anonymous)."""
    return by if isinstance(by, User) and by.is_authenticated else None
