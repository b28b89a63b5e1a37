"""The role matrix (see roles.py): every permission of the access policy × every staff role.

Generated from `core.access.PERMISSIONS`: a new permission without a registered case fails the
suite, and each case performs the real operation, so a service that forgets its check (or asks
for the wrong permission) fails here even if the table itself is right.
"""

import pytest
from django.contrib.auth import get_user_model

from madoguchi.core import access
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member

from . import roles

pytestmark = pytest.mark.django_db

ROLES = tuple(StaffRole.Role.values)


def _registered():
    roles.load_registrations()
    return [(code, name) for code in sorted(roles.cases) for name in sorted(roles.cases[code])]


CASES = _registered()


@pytest.fixture(autouse=True)
def _setting_up():
    MunicipalityFactory()


def attempt(case: roles.Decision, user) -> tuple[bool, object, object]:
    """Perform the case as `user`: (refused?, effect before, effect after)."""
    before = case.effect()
    try:
        case.perform(user)
    except roles.REFUSALS:
        refused = True
    else:
        refused = False
    return refused, before, case.effect()


def expect(case, user, *, allowed: bool, who: str) -> str | None:
    refused, before, after = attempt(case, user)
    if allowed and refused:
        return f"{who}: refused, but the policy grants it"
    if allowed and before == after:
        return f"{who}: not refused, but nothing changed (effect {before!r})"
    if not allowed and not refused:
        return f"{who}: allowed, but the policy refuses it (effect {before!r} → {after!r})"
    if not allowed and before != after:
        return f"{who}: refused, but the effect changed ({before!r} → {after!r})"
    return None


def test_every_permission_has_a_case():
    missing = sorted(set(access.PERMISSIONS) - set(roles.cases))
    assert not missing, (
        "Permissions without a role-matrix case: "
        + ", ".join(missing)
        + ". Register one with @decision(code) in madoguchi/<app>/tests/roles.py (tests/quality/roles.py)."
    )
    unknown = sorted(set(roles.cases) - set(access.PERMISSIONS))
    assert not unknown, f"Role cases for permissions core.access does not declare: {unknown}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("code", "name"), CASES, ids=[f"{c}:{n}" for c, n in CASES])
def test_role_in_its_department_and_in_another(code, name, role):
    permission = access.PERMISSIONS[code]
    case = roles.cases[code][name]()
    problems = []
    if not case.city_wide:
        # First, so the object is untouched for the second attempt.
        outsider = staff_member(DepartmentFactory(), role, username=f"matrix-other-{role}")
        problems.append(expect(case, outsider, allowed=False, who=f"{role} of another department"))
    insider = staff_member(case.department, role, username=f"matrix-{role}")
    granted = role in permission.roles
    where = "(anywhere: the object belongs to the city)" if case.city_wide else "of its department"
    problems.append(expect(case, insider, allowed=granted, who=f"{role} {where}"))
    problems = [p for p in problems if p]
    assert not problems, f"{code} ({name}), roles {sorted(permission.roles)}:\n" + "\n".join(problems)


@pytest.mark.parametrize(("code", "name"), CASES, ids=[f"{c}:{n}" for c, n in CASES])
def test_superuser_and_staff_without_roles(code, name):
    """The one superuser rule: no roles, yet allowed where the object carries no personal data. A
    staff account without any role is refused everywhere."""
    permission = access.PERMISSIONS[code]
    case = roles.cases[code][name]()
    User = get_user_model()
    nobody = User.objects.create_user(username="matrix-no-roles", is_staff=True)
    admin = User.objects.create_user(username="matrix-superuser", is_staff=True, is_superuser=True)
    problems = [
        expect(case, nobody, allowed=False, who="staff without roles"),
        expect(case, admin, allowed=not permission.personal, who="superuser without roles"),
    ]
    problems = [p for p in problems if p]
    assert not problems, f"{code} ({name}), personal={permission.personal}:\n" + "\n".join(problems)
