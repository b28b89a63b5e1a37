"""The access policy (core.access): roles per department, one superuser rule, fetch-and-check."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import Promise

from madoguchi.core import access
from madoguchi.core.models import Department, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, UserFactory, staff_member

pytestmark = pytest.mark.django_db
R = StaffRole.Role


@pytest.fixture
def superuser():
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    return user


def test_a_role_counts_only_in_its_own_department():
    mine, other = DepartmentFactory(), DepartmentFactory()
    chief = staff_member(mine, R.APPROVAL)
    assert access.can(chief, access.CASE_DECIDE, mine)
    assert not access.can(chief, access.CASE_DECIDE, other)
    assert not access.can(chief, access.MY_NUMBER_REVEAL, mine)
    with pytest.raises(PermissionDenied, match="決裁"):
        access.require(chief, access.CASE_DECIDE, other)


def test_anonymous_and_inactive_users_can_nothing():
    from django.contrib.auth.models import AnonymousUser

    department = DepartmentFactory()
    chief = staff_member(department, R.APPROVAL)
    chief.is_active = False
    chief.save()
    for user in (AnonymousUser(), None, chief):
        assert not access.can(user, access.CASE_DECIDE, department)
        assert not access.can_anywhere(user, access.CASE_DECIDE)
        assert not access.departments_where(user, access.CASE_DECIDE).exists()
        assert access.roles_in(user, department) == frozenset()  # the inactive chief's role included


def test_something_that_does_not_say_it_is_authenticated_is_nobody():
    """Only an object that says it is authenticated counts: a stand-in without the attribute
    (a token, a half-built user) is refused, however superuser it claims to be."""
    from types import SimpleNamespace

    stand_in = SimpleNamespace(is_active=True, is_superuser=True, is_staff=True)
    assert not access.can(stand_in, access.DATASET_PUBLISH, DepartmentFactory())
    assert not access.can(stand_in, access.DATASET_PUBLISH, None)
    assert not access.is_staff_account(stand_in)


def test_roles_in_names_the_roles_held_in_that_department_only():
    mine, other = DepartmentFactory(), DepartmentFactory()
    user = staff_member(mine, R.RECEPTION, R.REVIEW)
    StaffRole.objects.create(user=user, department=other, role=R.APPROVAL)
    assert access.roles_in(user, mine) == {R.RECEPTION, R.REVIEW}
    assert access.roles_in(user, mine.pk) == {R.RECEPTION, R.REVIEW}
    assert access.roles_in(user, None) == frozenset()
    staff_member(mine, R.APPROVAL, R.MY_NUMBER)  # a colleague's roles are not this user's
    assert access.roles_in(user, mine) == {R.RECEPTION, R.REVIEW}


@pytest.mark.parametrize("permission", list(access.PERMISSIONS.values()), ids=str)
def test_the_superuser_rule(superuser, permission):
    """Without roles, a superuser acts on non-personal objects everywhere, never on personal data."""
    department = DepartmentFactory()
    assert access.can(superuser, permission, department) is (not permission.personal)
    assert access.can_anywhere(superuser, permission) is (not permission.personal)
    assert access.departments_where(superuser, permission).filter(pk=department.pk).exists() is (
        not permission.personal
    )
    assert access.can(superuser, permission, None)  # an object no department owns: the administrator's


def test_objects_no_department_owns_are_the_administrators_only():
    chief = staff_member(DepartmentFactory(), *R.values)
    for permission in access.PERMISSIONS.values():
        assert not access.can(chief, permission, None)


def test_departments_where_lists_exactly_the_granting_departments():
    a, b, c = DepartmentFactory(), DepartmentFactory(), DepartmentFactory()
    user = staff_member(a, R.APPROVAL)
    StaffRole.objects.create(user=user, department=b, role=R.RECEPTION)
    assert set(access.departments_where(user, access.CASE_DECIDE)) == {a}
    assert set(access.departments_where(user, access.CASE_VIEW)) == {a, b}
    assert c not in access.departments_where(user, access.CASE_VIEW)
    colleague = staff_member(c, R.APPROVAL)  # someone else's role grants this user nothing
    assert set(access.departments_where(user, access.CASE_DECIDE)) == {a}
    assert set(access.departments_where(colleague, access.CASE_DECIDE)) == {c}


def test_require_anywhere_refuses_with_the_permissions_message():
    reader = staff_member(DepartmentFactory(), R.RECEPTION)
    access.require_anywhere(reader, access.PERSON_VIEW)  # held in one department: enough
    with pytest.raises(PermissionDenied) as refused:
        access.require_anywhere(reader, access.PERSON_CHANGE)
    assert refused.value.args == (access.PERSON_CHANGE.refusal,)
    assert "審査または決裁" in str(access.PERSON_CHANGE.refusal)


@pytest.mark.parametrize("permission", list(access.PERMISSIONS.values()), ids=str)
def test_each_permission_is_declared_whole(permission):
    """The table as declared: its code is its key, its roles are real roles, its texts exist."""
    assert access.PERMISSIONS[permission.code] is permission
    assert isinstance(permission.roles, frozenset) and permission.roles <= set(R.values)
    assert permission.roles, permission.code
    for text in (permission.label, permission.refusal):  # translatable text (gettext_lazy)
        assert isinstance(text, Promise) and str(text).strip(), permission.code
    assert permission.personal in (True, False)


def test_load_fetches_and_checks_in_one_call():
    mine, other = DepartmentFactory(), DepartmentFactory()
    reader = staff_member(mine, R.RECEPTION)
    assert access.load(Department, reader, access.CASE_VIEW, department=lambda d: d.pk, pk=mine.pk) == mine
    for lookup in ({"pk": other.pk}, {"pk": 10**9}, {"pk": "abc"}):
        with pytest.raises(Http404):  # forbidden and missing look the same
            access.load(Department, reader, access.CASE_VIEW, department=lambda d: d.pk, **lookup)


def test_is_staff_account():
    assert access.is_staff_account(staff_member(DepartmentFactory(), R.RECEPTION))
    assert access.is_staff_account(UserFactory(is_staff=True))
    assert not access.is_staff_account(UserFactory())
    role_only = UserFactory(is_staff=False)  # a role alone makes a city account
    StaffRole.objects.create(user=role_only, department=DepartmentFactory(), role=R.RECEPTION)
    assert access.is_staff_account(role_only)


def test_anonymous_and_inactive_accounts_are_not_staff_accounts():
    from django.contrib.auth.models import AnonymousUser

    inactive = staff_member(DepartmentFactory(), R.APPROVAL)
    inactive.is_active = False
    inactive.save()
    for user in (AnonymousUser(), None, inactive):
        assert access.is_staff_account(user) is False


def test_the_security_page_lists_every_permission_with_its_roles():
    """docs/security.md is the policy for people: it must not drift from the table in code."""
    page = (Path(__file__).resolve().parents[4] / "docs" / "security.md").read_text(encoding="utf-8")
    row = re.compile(r"^\|[^|]+\| `([a-z_.]+)` \| ([^|]+) \| ([^|]+) \|", re.M)
    rows = {m[1]: m[2] for m in row.finditer(page)}
    personal = {m[1]: m[3].strip() for m in row.finditer(page)}
    assert set(rows) == set(access.PERMISSIONS), "docs/security.md's table and core.access differ"
    # The last column says whether the object holds personal data (no superuser pass): the one
    # place outside the code that says so, so a permission marked non-personal by mistake fails.
    for code, permission in access.PERMISSIONS.items():
        assert personal[code] == ("あり" if permission.personal else "なし"), code
    labels = {str(role.label): role.value for role in R}
    for code, permission in access.PERMISSIONS.items():
        written = rows[code].strip()
        if written == "すべて":
            named = set(R.values)
        elif written.endswith("以外のすべて"):
            named = set(R.values) - {labels[written.removesuffix("以外のすべて")]}
        else:
            named = {labels[name.strip()] for name in written.split(",")}
        assert named == set(permission.roles), code
