"""Role-matrix cases for the counter (tests/quality/roles.py): the desk as staff use it."""

from tests.quality.roles import Decision, decision, refusal_of, staff_client

from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.counter import services
from madoguchi.counter.models import ServiceCategory, Ticket, Window


@decision("counter.work")
def call_the_next_visitor_at_a_window():
    shimin = DepartmentFactory(code="shimin", name="市民課")
    life = ServiceCategory.objects.create(
        code="life", name="住所変更・戸籍の届出", prefix="B", department=shimin
    )
    window = Window.objects.create(number="3", name="住民異動窓口", department=shimin)
    window.categories.add(life)
    ticket = services.issue_ticket(life)
    return Decision(
        department=shimin,
        # 次の方を呼ぶ (POST): the desk's button; the service calls the longest-waiting ticket.
        perform=lambda user: refusal_of(
            staff_client(user).post(f"/counter/desk/windows/{window.number}/call-next/"), ok=(302,)
        ),
        effect=lambda: Ticket.objects.get(pk=ticket.pk).status,
    )
