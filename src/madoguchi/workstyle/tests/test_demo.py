"""The demo loader: three 年度 of meetings with packs and open records, the pilots; idempotent."""

import pytest
from django.utils import timezone

from madoguchi.core.demo import STAFF, load_staff
from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.core.models import Event, StaffRole
from madoguchi.procedures.tests.factories import demo_departments
from madoguchi.workstyle import services
from madoguchi.workstyle.demo import LOADER
from madoguchi.workstyle.models import DocumentOpen, Meeting, PilotMember, TeleworkDay, TeleworkPilot

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_gives_each_year_its_figures():
    demo_departments()
    load_staff(lambda *a: None)
    LOADER.load(lambda *a: None)
    counts = [
        m.objects.count() for m in (Meeting, DocumentOpen, TeleworkPilot, PilotMember, TeleworkDay, Event)
    ]
    LOADER.load(lambda *a: None)
    assert [
        m.objects.count() for m in (Meeting, DocumentOpen, TeleworkPilot, PilotMember, TeleworkDay, Event)
    ] == counts
    this_year = fiscal_year(timezone.localdate())
    for year in range(this_year - 2, this_year + 1):
        rates = services.meeting_rates(year)
        assert rates.held and rates.online_rate is not None and rates.paperless_rate is not None, year
        assert services.participation(year).eligible, year
    assert services.meeting_rates(this_year - 2).online_rate < services.meeting_rates(this_year).online_rate
    managers = TeleworkPilot.objects.get(target=TeleworkPilot.Target.MANAGERS)
    approvers = [s for s in STAFF if any(role == StaffRole.Role.APPROVAL for _d, role in s[3])]
    assert len(approvers) >= 6 and managers.members.count() == len(approvers)  # the demo's 決裁 staff
    assert DocumentOpen.objects.exists() and TeleworkDay.objects.exists()
