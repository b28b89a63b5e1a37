"""Role-matrix cases for residents' records (tests/quality/roles.py). A Person belongs to the
city, not to a department: the role held in any department counts (`city_wide`)."""

from django.contrib.auth.models import Permission
from tests.quality.roles import Decision, decision, refusal_of, staff_client

from madoguchi.core import people
from madoguchi.core.models import AuditEntry, Department, Person
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory


def _shimin() -> Department:
    return DepartmentFactory(code="shimin", name="市民課")


@decision("person.view")
def open_a_resident_in_the_back_office():
    person = PersonFactory()
    view_person = Permission.objects.get(codename="view_person", content_type__app_label="core")

    def perform(user):
        # Django's model permission opens the admin page at all; the access policy decides the rest.
        user.user_permissions.add(view_person)
        refusal_of(staff_client(user).get(f"/admin/core/person/{person.pk}/change/"), ok=(200,))

    return Decision(
        department=_shimin(),
        perform=perform,
        # Every page read of personal data is an audit entry: it is the read's trace.
        effect=lambda: AuditEntry.objects.filter(
            action="personal_data_viewed", object_type="core.person", object_id=str(person.pk)
        ).count(),
        city_wide=True,
    )


@decision("person.change")
def correct_a_resident_record():
    person = PersonFactory(phone="042-325-0111")

    def perform(user):
        fresh = Person.objects.get(pk=person.pk)
        fresh.phone = "042-300-9999"
        people.change_person(fresh, by=user, fields=["phone"], surface="role-matrix")

    return Decision(
        department=_shimin(),
        perform=perform,
        effect=lambda: Person.objects.get(pk=person.pk).phone,
        city_wide=True,
    )
