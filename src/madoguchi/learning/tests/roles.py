"""Role-matrix cases for learning (tests/quality/roles.py)."""

from tests.quality.roles import Decision, decision

from madoguchi.learning import services
from madoguchi.learning.models import ClassRegistration, Reminder

from .factories import assignment, citizen_class, course


@decision("learning.manage")
def enter_a_phone_registration():
    record = citizen_class(capacity=5)
    return Decision(
        department=record.department,
        perform=lambda user: services.register_for_resident(
            record, by=user, name="電話 受子", phone="042-300-0001", channel="phone"
        ),
        effect=lambda: ClassRegistration.objects.filter(citizen_class=record).count(),
    )


@decision("learning.progress")
def remind_the_department():
    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import DepartmentFactory, staff_member

    department = DepartmentFactory()
    staff_member(department, StaffRole.Role.RECEPTION, username="role-matrix-learner")
    assignment(course(code="role-matrix-course"))
    return Decision(
        department=department,
        perform=lambda user: services.remind_department(department, by=user),
        effect=lambda: Reminder.objects.filter(user__username="role-matrix-learner").count(),
    )
