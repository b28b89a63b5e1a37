"""Queue tickets: issue, call, transfer, complete, no-shows, predicted waits, the public pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from madoguchi.core.events import events_for
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import UserFactory, staff_member
from madoguchi.counter import services
from madoguchi.counter.models import Ticket
from madoguchi.identity.testing import login_staff

pytestmark = pytest.mark.django_db


def test_issue_call_transfer_complete_with_times_recorded(queue, counter_staff):
    t0 = timezone.now()
    ticket = services.issue_ticket(queue["life"], now=t0)
    assert ticket.display_number == "B001" and ticket.status == Ticket.Status.WAITING
    assert services.issue_ticket(queue["life"], now=t0).display_number == "B002"

    called = services.call_next(queue["window3"], by=counter_staff, now=t0 + datetime.timedelta(minutes=7))
    assert called == ticket
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CALLED and ticket.window == queue["window3"]
    assert ticket.wait_seconds == 7 * 60

    services.start_service(ticket, by=counter_staff, now=t0 + datetime.timedelta(minutes=8))
    moved = services.transfer_ticket(
        ticket, by=counter_staff, category=queue["insurance"], now=t0 + datetime.timedelta(minutes=20)
    )
    assert moved.display_number == "C001"  # same number, shown with the new category's letter
    assert moved.number == 1 and moved.status == Ticket.Status.WAITING and moved.transfer_count == 1
    assert Ticket.objects.count() == 2  # no new ticket

    # The transferred visitor is called first at the insurance window (keeps their place), by its staff.
    later = services.issue_ticket(queue["insurance"], now=t0 + datetime.timedelta(minutes=1))
    with pytest.raises(PermissionDenied):  # 市民課 may not call at 保険年金課's window
        services.call_next(queue["window5"], by=counter_staff)
    insurance_staff = staff_member(
        queue["window5"].department, StaffRole.Role.RECEPTION, username="hoken-hanako"
    )
    assert (
        services.call_next(queue["window5"], by=insurance_staff, now=t0 + datetime.timedelta(minutes=25))
        == ticket
    )
    with pytest.raises(PermissionDenied):  # now 保険年金課's ticket
        services.complete_ticket(ticket, by=counter_staff)
    done = services.complete_ticket(ticket, by=insurance_staff, now=t0 + datetime.timedelta(minutes=40))
    assert done.status == Ticket.Status.DONE
    assert done.issued_at == t0
    assert done.first_called_at == t0 + datetime.timedelta(minutes=7)
    assert done.called_at == t0 + datetime.timedelta(minutes=25)
    assert done.completed_at == t0 + datetime.timedelta(minutes=40)
    assert done.transferred_at == t0 + datetime.timedelta(minutes=20)
    assert [e.verb for e in events_for(done)] == [
        "ticket_issued",
        "ticket_called",
        "ticket_serving",
        "ticket_transferred",
        "ticket_called",
        "ticket_completed",
    ]
    assert later.status == Ticket.Status.WAITING


def test_transfer_to_a_window_of_another_department(queue, counter_staff):
    ticket = services.issue_ticket(queue["life"])
    services.call_ticket(ticket, window=queue["window3"], by=counter_staff)
    moved = services.transfer_ticket(ticket, by=counter_staff, window=queue["window5"])
    assert moved.window == queue["window5"] and moved.category == queue["insurance"]
    assert services.waiting_for(queue["window5"]).first() == moved


def test_no_show(queue, counter_staff):
    ticket = services.issue_ticket(queue["life"])
    services.call_next(queue["window3"], by=counter_staff)
    assert services.mark_no_show(ticket, by=counter_staff).status == Ticket.Status.NO_SHOW
    with pytest.raises(ValidationError):
        services.complete_ticket(ticket, by=counter_staff)


def test_only_staff_call_tickets(queue):
    ticket = services.issue_ticket(queue["life"])
    with pytest.raises(PermissionDenied):
        services.call_ticket(ticket, window=queue["window3"], by=UserFactory())


def test_predicted_wait_uses_recent_service_times(queue, counter_staff):
    start = timezone.now() - datetime.timedelta(hours=2)
    for minutes in (4, 6):  # two visits served in 4 and 6 minutes
        ticket = services.issue_ticket(queue["life"], now=start)
        services.call_ticket(ticket, window=queue["window3"], by=counter_staff, now=start)
        services.complete_ticket(ticket, by=counter_staff, now=start + datetime.timedelta(minutes=minutes))
    assert services.average_service_seconds(queue["life"]) == 300
    for _ in range(3):
        services.issue_ticket(queue["life"])
    assert services.predicted_wait_minutes(queue["life"]) == 15  # 3 ahead × 5 min ÷ 1 window
    # Nobody served yet in insurance: the category's standard time is used.
    services.issue_ticket(queue["insurance"])
    assert services.predicted_wait_minutes(queue["insurance"]) == 15


def test_average_and_p95_wait_per_category_per_day(queue, counter_staff):
    start = timezone.now().replace(hour=1, minute=0, second=0, microsecond=0)  # 10:00 JST
    for wait in range(1, 21):  # waits of 1..20 minutes
        ticket = services.issue_ticket(queue["life"], now=start)
        services.call_ticket(
            ticket, window=queue["window3"], by=counter_staff, now=start + datetime.timedelta(minutes=wait)
        )
    [row] = services.wait_statistics(ticket.day)
    assert row["category"] == "life" and row["count"] == 20
    assert row["average_minutes"] == 10.5 and row["p95_minutes"] == 19.0


def test_waits_api_and_public_page(client, queue):
    services.issue_ticket(queue["life"])
    response = client.get("/api/v1/counter/waits/")
    assert response.status_code == 200
    life = next(row for row in response.json() if row["code"] == "life")
    assert life["waiting"] == 1 and life["predicted_wait_minutes"] == 20 and life["open_windows"] == 1
    assert "住所変更・戸籍の届出" in client.get("/counter/").content.decode()


def test_kiosk_issues_a_ticket_with_a_qr_code(client, queue):
    response = client.post("/counter/kiosk/", {"category": "life"})
    ticket = Ticket.objects.get()
    assert response.url == f"/counter/t/{ticket.token}/"
    page = client.get(response.url).content.decode()
    assert "B001" in page and "あなたの前に0人お待ちです" in page
    qr = client.get(f"/counter/t/{ticket.token}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_staff_desk_calls_and_completes(client, queue, counter_staff):
    ticket = services.issue_ticket(queue["life"])
    login_staff(client, counter_staff)
    assert client.get("/counter/desk/?window=3").status_code == 200
    client.post("/counter/desk/windows/3/call-next/")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CALLED
    assert "B001" in client.get("/counter/signage/board/").content.decode()
    client.post(
        f"/counter/desk/tickets/{ticket.pk}/transfer/",
        {"category": queue["insurance"].pk, "desk_window": "3"},
    )
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING and ticket.category == queue["insurance"]
    # Window 5 belongs to 保険年金課: the 市民課 member may not call there, its own staff do.
    assert client.post("/counter/desk/windows/5/call-next/").status_code == 403
    assert client.post(f"/counter/desk/tickets/{ticket.pk}/complete/").status_code == 403
    login_staff(
        client, (staff_member(queue["window5"].department, StaffRole.Role.RECEPTION, username="hoken-taro"))
    )
    client.post("/counter/desk/windows/5/call-next/")
    client.post(f"/counter/desk/tickets/{ticket.pk}/complete/")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.DONE
    assert client.get("/counter/indicators/").status_code == 200


def test_desk_is_for_staff_only(client, queue):
    response = client.get("/counter/desk/")
    assert response.status_code == 302 and "login" in response.url


def test_signage_board_shows_called_numbers_and_a_notice(client, queue, counter_staff):
    from madoguchi.counter.models import SignageNotice

    SignageNotice.objects.create(text="転出届はオンラインでできます。", text_en="File your move-out online.")
    SignageNotice.objects.create(
        text="昨日までのお知らせ", ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    ticket = services.issue_ticket(queue["life"])
    services.call_ticket(ticket, window=queue["window3"], by=counter_staff)
    board = client.get("/counter/signage/board/").content.decode()
    assert "B001" in board and "3番窓口へ" in board
    assert "転出届はオンラインでできます。" in board and "昨日までのお知らせ" not in board
    page = client.get("/counter/signage/").content.decode()
    assert 'hx-trigger="every 500ms"' in page and 'http-equiv="refresh"' in page


def test_desk_shows_only_the_windows_of_the_staff_members_departments(client, queue, counter_staff):
    """Found by an attacker: any staff member could open any window's queue (who waits, for what)."""
    services.issue_ticket(queue["insurance"])  # C001, waiting at 保険年金課's window 5
    login_staff(client, counter_staff)  # 市民課
    page = client.get("/counter/desk/?window=5").content.decode()
    assert "C001" not in page and "国民健康保険窓口" not in page
    assert "住民異動窓口" in client.get("/counter/desk/").content.decode()
    login_staff(
        client, staff_member(queue["window5"].department, StaffRole.Role.RECEPTION, username="hoken-taro")
    )
    assert "C001" in client.get("/counter/desk/?window=5").content.decode()
