"""The factories other apps' tests build plan records with are entered and approved through the
services as the real plan's are."""

import pytest

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.pdca import services
from madoguchi.pdca.tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def test_the_owning_department_enters_and_approves_a_factory_indicators_value():
    owner = DepartmentFactory()
    indicator = IndicatorFactory(initiative=InitiativeFactory(owner_departments=[owner]))
    assert indicator.metric is None  # typed in, not computed
    entrant = staff_member(owner, StaffRole.Role.SYSADMIN, username="factory-entrant")
    approver = staff_member(owner, StaffRole.Role.APPROVAL, username="factory-approver")
    entry = services.enter_value(
        indicator, by=entrant, fiscal_year=2024, value=7, evidence_url="https://example.jp/evidence/a.csv"
    )
    assert services.approve_value(entry, by=approver).approved_at is not None


def test_another_department_may_not_enter_a_factory_indicators_value():
    indicator = IndicatorFactory()
    stranger = staff_member(DepartmentFactory(), StaffRole.Role.SYSADMIN, username="factory-stranger")
    assert not services.can_edit(stranger, indicator.initiative)


def test_a_factory_target_and_value_belong_to_one_indicator():
    target = TargetFactory()
    value = IndicatorValueFactory(indicator=target.indicator)
    assert value.approved_at is None
    assert list(target.indicator.targets.all()) == [target]
