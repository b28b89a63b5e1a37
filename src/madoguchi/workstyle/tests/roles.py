"""Role-matrix cases for workstyle (tests/quality/roles.py)."""

from datetime import date

from tests.quality.roles import Decision, decision

from madoguchi.core.tests.factories import UserFactory
from madoguchi.workstyle import services
from madoguchi.workstyle.models import Meeting, TeleworkDay

from .factories import meeting, pilot


@decision("workstyle.manage")
def cancel_a_department_meeting():
    item = meeting(title="role-matrix-meeting")
    return Decision(
        department=item.department,
        perform=lambda user: services.cancel_meeting(item, by=user),
        effect=lambda: Meeting.objects.get(pk=item.pk).cancelled_at is not None,
    )


@decision("workstyle.manage")
def record_a_telework_day_for_a_member():
    """The pilot's running department records a day for someone on the roster (not the user)."""
    item = pilot(starts_on=date(2024, 7, 1), ends_on=date(2024, 7, 31))
    member_user = UserFactory(username="role-matrix-teleworker")
    item.members.create(user=member_user, department=item.department)
    member = item.members.get()
    return Decision(
        department=item.department,
        perform=lambda user: services.record_day(member, by=user, on=date(2024, 7, 10)),
        effect=lambda: TeleworkDay.objects.filter(member=member).count(),
    )
