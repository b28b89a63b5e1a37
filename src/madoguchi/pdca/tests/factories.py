"""factory-boy factories for the plan (PDCA): a plan, its policies and initiatives, indicators
with targets, and typed-in values. Enter and approve values through the services when the
approval matters; the bundled plan itself is loaded with pdca.loader."""

import factory

from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.pdca.models import Indicator, IndicatorValue, Initiative, Plan, Policy, Target

__all__ = [
    "IndicatorFactory",
    "IndicatorValueFactory",
    "InitiativeFactory",
    "PlanFactory",
    "PolicyFactory",
    "TargetFactory",
]


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan for 令和4〜7年度 (not the current one unless `is_current=True`)."""

    class Meta:
        model = Plan
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-plan-{n}")
    name = factory.Sequence(lambda n: f"テスト計画{n}")
    period_start_fy = 2022
    period_end_fy = 2025
    is_current = False


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"推進方針{n + 1}")


class InitiativeFactory(factory.django.DjangoModelFactory):
    """An initiative owned by one department (`owner_departments=[…]` for others)."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    policy = factory.SubFactory(PolicyFactory, plan=factory.SelfAttribute("..plan"))
    code = factory.Sequence(lambda n: f"T-{n}")
    slug = factory.Sequence(lambda n: f"t-{n}")
    title = factory.Sequence(lambda n: f"取組{n}")

    @factory.post_generation
    def owner_departments(initiative, create, extracted, **kwargs):
        if create:
            initiative.owner_departments.add(*(extracted or [DepartmentFactory()]))


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A typed-in activity indicator (its key names no registered metric)."""

    class Meta:
        model = Indicator

    initiative = factory.SubFactory(InitiativeFactory)
    key = factory.Sequence(lambda n: f"test-indicator-{n}")
    kind = Indicator.Kind.ACTIVITY
    name = factory.Sequence(lambda n: f"テスト指標{n}")
    unit = "回"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    fiscal_year = 2025
    value = 10


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    """An entered actual, not approved yet (so not public)."""

    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    fiscal_year = 2024
    value = 5
    evidence_url = "https://example.jp/evidence/test.csv"
