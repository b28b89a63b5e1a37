"""The demo city loads idempotently, passes the audit check, and is refused in production."""

import pytest
from django.core.management import CommandError, call_command

from madoguchi.core import audit
from madoguchi.core.models import Department, Municipality, Person, StaffRole, User

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Municipality.objects.count(),
        Department.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        StaffRole.objects.count(),
    )


def test_demo_is_idempotent_and_audited(capsys):
    call_command("demo")
    first = _counts()
    call_command("demo")
    assert _counts() == first
    city = Municipality.current()
    assert (city.code, city.name, city.is_demo) == ("132144", "国分寺市", True)
    assert 45 <= Person.objects.count() <= 60
    assert (
        Department.objects.filter(
            name__in=["市民課", "子ども子育て支援課", "介護保険課", "デジタル行政推進室"]
        ).count()
        == 4
    )
    assert Person.objects.filter(my_number_encrypted="").count() == 0
    assert audit.verify().ok
    out = capsys.readouterr().out
    assert "madoguchi-demo" in out and "kodomo" in out


def test_demo_households_have_children_elderly_and_singles():
    call_command("demo")
    from datetime import date

    ages = [p.age_on(date(2026, 4, 1)) for p in Person.objects.all()]
    assert any(a < 6 for a in ages) and any(a >= 65 for a in ages)
    assert Person.objects.values("household").distinct().count() >= 20


def test_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo")
    assert Municipality.objects.count() == 0
