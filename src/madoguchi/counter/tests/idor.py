"""IDOR registrations for counter routes (tests/quality/idor.py).

A reservation belongs to its resident and to the staff of its window's department; desk work on
a window or ticket to the staff of its department; a no-writing counter session (the resident's
personal data) to the staff of the departments of the staff member who started it; looking up
residents for a session to the departments that staff counter windows (services.may_work_for,
is_onestop_staff, may_see_session).
"""

from tests.quality.idor import IdorCase, object_factory, public

TICKET_REASON = (
    "the ticket page is reached by the ticket's token (secrets.token_urlsafe(12), 96 random bits, "
    "printed on the paper ticket as a QR code): an unguessable capability, and the page shows only "
    "the category, number, place in the queue and window — no personal data, even for a ticket "
    "issued at a reservation's check-in"
)
public("counter:ticket", TICKET_REASON)
public("counter:ticket_qr", TICKET_REASON + "; the QR code encodes only the ticket page's URL")


def _window(department=None, number="I1"):
    from madoguchi.core.tests.factories import DepartmentFactory
    from madoguchi.counter.models import ServiceCategory, Window

    department = department or DepartmentFactory()
    category = ServiceCategory.objects.create(
        code="idor-category", name="IDOR確認の受付", prefix="Z", department=department
    )
    window = Window.objects.create(number=number, name="IDOR確認窓口", department=department)
    window.categories.add(category)
    return window, category


def _reservation():
    import datetime

    from django.utils import timezone

    from madoguchi.core.tests.factories import PersonFactory
    from madoguchi.counter import services
    from madoguchi.counter.models import VisitSlot
    from madoguchi.identity.testing import resident_user

    window, _category = _window()
    start = timezone.now() + datetime.timedelta(days=3)
    slot = VisitSlot.objects.create(
        window=window, starts_at=start, ends_at=start + datetime.timedelta(minutes=45)
    )
    person = PersonFactory()
    return services.reserve_visit(
        slot, person=person, life_event="tennyu", answers={}, by=resident_user(person)
    )


@object_factory("counter:reservation", "counter:reservation_change")
def make_reservation():
    reservation = _reservation()
    return IdorCase(
        kwargs={"reference": reservation.reference},
        resident=reservation.person,
        department=reservation.slot.window.department,
        marker=reservation.slot.window.name,  # not the reference: error pages echo the path
    )


@object_factory("counter:reservation_cancel")
def make_reservation_cancel():
    reservation = _reservation()
    return IdorCase(
        kwargs={"reference": reservation.reference},
        resident=reservation.person,
        department=reservation.slot.window.department,
        owner_status=405,  # GET: the owner may, but only by POST; others are refused first
    )


@object_factory("counter:reservation_ics", "counter:reservation_qr")
def make_reservation_file():
    reservation = _reservation()
    return IdorCase(
        kwargs={"reference": reservation.reference},
        resident=reservation.person,
        department=reservation.slot.window.department,
    )


@object_factory("counter:desk_call_next")
def make_desk_call_next():
    window, _category = _window()
    return IdorCase(kwargs={"number": window.number}, department=window.department, owner_status=405)


@object_factory("counter:desk_ticket_action")
def make_desk_ticket_action():
    from madoguchi.counter import services

    _window_, category = _window()
    ticket = services.issue_ticket(category)
    return IdorCase(
        kwargs={"pk": ticket.pk, "action": "complete"}, department=category.department, owner_status=405
    )


@object_factory("counter:onestop_new")
def make_onestop_new():
    from madoguchi.core.tests.factories import PersonFactory

    window, _category = _window()
    person = PersonFactory(family_name="窓口", given_name="IDOR確認")
    return IdorCase(
        kwargs={"person_pk": person.pk},
        department=window.department,
        marker=person.full_name,
        owner_status=302,  # without ?event= the counter staff are sent to pick a life event
    )


def _session(*, checking: bool = False):
    """A 証明書 session for a resident, started by a 市民課 member (who staffs a window)."""
    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, staff_member
    from madoguchi.counter import services
    from madoguchi.lifeevents.demo import load_lifeevent_procedures
    from madoguchi.lifeevents.tests.factories import DEPARTMENTS

    departments = {code: DepartmentFactory(code=code, name=name) for code, name in DEPARTMENTS.items()}
    load_lifeevent_procedures()
    shimin = departments["shimin"]
    _window(shimin)
    starter = staff_member(shimin, StaffRole.Role.RECEPTION, username="idor-counter-starter")
    person = PersonFactory(family_name="書窓", given_name="IDOR確認")
    session = services.start_counter_session(person, life_event="shomeisho", answers={}, by=starter)
    if checking:
        form = session.forms.get(procedure_code="juminhyo")
        request = {
            **form.data.get("request", {}),
            "copies": "1",
            "scope": "本人のみ",
            "purpose": "免許の更新",
        }
        services.save_counter_form(form, by=starter, data={**form.data, "request": request})
        services.send_to_tablet(session, by=starter)
    return session, shimin


@object_factory("counter:session", "counter:session_done")
def make_session():
    session, department = _session()
    return IdorCase(kwargs={"token": session.token}, department=department, marker=session.person.full_name)


@object_factory("counter:session_form")
def make_session_form():
    session, department = _session()
    form = session.forms.get(procedure_code="juminhyo")
    return IdorCase(
        kwargs={"token": session.token, "pk": form.pk}, department=department, marker=session.person.full_name
    )


@object_factory("counter:tablet")
def make_tablet():
    session, department = _session(checking=True)
    return IdorCase(kwargs={"token": session.token}, department=department, marker=session.person.full_name)
