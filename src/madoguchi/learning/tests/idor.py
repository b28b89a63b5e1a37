"""IDOR registrations for learning routes (tests/quality/idor.py)."""

from tests.quality.idor import IdorCase, not_an_object, object_factory, public

public("learning:class", "a citizen class's public page: date, place and seats, no registrant")
not_an_object(
    "learning_staff:course", "every staff member may take every course: lessons hold no personal data"
)
not_an_object(
    "learning_staff:start", "starting a course's check (POST); the attempt it makes is the user's own"
)

REGISTRANT = "窓口 申込子"  # shown to the resident and to the class's department only


@object_factory("learning:registration")
def own_registration():
    from madoguchi.core.tests.factories import PersonFactory

    from .factories import citizen_class, registration

    person = PersonFactory(family_name="窓口", given_name="申込子")
    record = registration(citizen_class(), person=person)
    return IdorCase(kwargs={"reference": record.reference}, resident=person, marker=record.name)


@object_factory("learning_staff:manage_class")
def class_roster():
    from .factories import citizen_class, registration

    record = citizen_class()
    registration(record, name=REGISTRANT)
    return IdorCase(kwargs={"pk": record.pk}, department=record.department, marker=REGISTRANT)


@object_factory("learning_staff:manage_course")
def managed_course():
    from .factories import course

    record = course(code="idor-course")
    return IdorCase(kwargs={"pk": record.pk}, department=record.department, marker="idor-course")


@object_factory("learning_staff:manage_lesson")
def managed_lesson():
    from .factories import course

    record = course(code="idor-lesson")
    lesson = record.lessons.get()
    lesson.title = "IDOR教材の題名"
    lesson.save()
    return IdorCase(kwargs={"pk": lesson.pk}, department=record.department, marker="IDOR教材の題名")


@object_factory("learning_staff:supporter")
def supporter_page():
    from .factories import supporter

    record = supporter(name="IDOR サポーター")
    return IdorCase(kwargs={"pk": record.pk}, department=record.department, marker="IDOR サポーター")


@object_factory("learning_staff:certificate")
def certificate_page():
    """A certificate: its holder and the manager of the holder's department."""
    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import DepartmentFactory, staff_member
    from madoguchi.learning.models import Completion

    from .factories import course

    department = DepartmentFactory()
    holder = staff_member(department, StaffRole.Role.RECEPTION, username="idor-certificate-holder")
    record = course(code="idor-certificate")
    completion = Completion.objects.create(
        course=record, user=holder, fiscal_year=2025, number="R7-IDOR-000001"
    )
    return IdorCase(
        kwargs={"number": completion.number}, department=department, marker="idor-certificate-holder"
    )


@object_factory("learning_staff:attempt")
def attempt_page():
    """An attempt belongs to the one who started it; nobody else (not even a manager) sees it."""
    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import DepartmentFactory, staff_member
    from madoguchi.learning import services

    from .factories import course, question_bank

    department = DepartmentFactory()
    taker = staff_member(department, StaffRole.Role.RECEPTION, username="idor-attempt-taker")
    record = course(code="idor-attempt", bank=question_bank(code="idor-bank"))
    attempt = services.start_attempt(record, by=taker)
    return IdorCase(kwargs={"token": attempt.token}, marker="idor-bankの問題")
