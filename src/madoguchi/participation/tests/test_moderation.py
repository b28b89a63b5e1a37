"""Moderation: a reported comment is hidden after a moderator acts; a blocked user cannot post."""

import pytest
from django.core.exceptions import PermissionDenied

from madoguchi.core.events import events_for
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.identity.testing import login_resident, login_staff, resident_user
from madoguchi.participation import services
from madoguchi.participation.models import Comment, OpinionMap, Report, Statement

pytestmark = pytest.mark.django_db


def test_reported_comment_is_hidden_after_the_moderator_acts(
    client, parks, young_resident, older_resident, moderator
):
    writer = login_resident(client, young_resident)
    client.post(f"/participation/processes/{parks.pk}/comments/", {"body": "この公園の管理人は無能だ"})
    comment = Comment.objects.get()
    assert "この公園の管理人は無能だ" in client.get(parks.get_absolute_url()).content.decode()

    login_resident(client, older_resident)
    response = client.post(
        f"/participation/comments/{comment.pk}/report/", {"reason": "offensive", "details": "中傷です"}
    )
    assert response.status_code == 302
    assert Report.objects.filter(comment=comment, resolved_at=None).count() == 1
    assert (
        "この公園の管理人は無能だ" in client.get(parks.get_absolute_url()).content.decode()
    )  # reporting alone hides nothing

    login_staff(client, moderator)
    queue = client.get("/participation/moderation/").content.decode()
    assert "この公園の管理人は無能だ" in queue and "誹謗中傷" in queue
    client.post(f"/participation/moderation/comments/{comment.pk}/", {"action": "hide", "reason": "誹謗中傷"})

    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN
    assert Report.objects.get().resolution == "hide"
    client.logout()
    assert "この公園の管理人は無能だ" not in client.get(parks.get_absolute_url()).content.decode()
    assert [e.verb for e in events_for(comment)] == [
        "participation.comment",
        "participation.comment_reported",
        "participation.comment_hide",
    ]
    assert writer.pk == comment.author_id


def test_blocked_user_cannot_post(client, parks, young_resident, moderator):
    user = login_resident(client, young_resident)
    # Someone who posted in the moderator's process (a moderator blocks only such users).
    services.submit_proposal(parks, person=young_resident, user=user, title="お知らせ", body="宣伝の投稿")
    services.block_user(user, by=moderator, reason="繰り返しの宣伝投稿")
    response = client.post(
        f"/participation/processes/{parks.pk}/comments/", {"body": "宣伝です"}, follow=True
    )
    assert Comment.objects.count() == 0
    assert "投稿を停止されています" in response.content.decode()
    with pytest.raises(services.Blocked):
        services.post_comment(parks, user=user, person=young_resident, body="もう一度")
    with pytest.raises(services.Blocked):
        services.submit_proposal(parks, person=young_resident, user=user, title="宣伝", body="宣伝")


def test_moderation_services_refuse_other_departments(client, parks, young_resident, moderator):
    """The services check who moderates, not only the views (a task or the API cannot skip it)."""
    from madoguchi.participation.models import Block

    user = login_resident(client, young_resident)
    comment = services.post_comment(parks, user=user, person=young_resident, body="意見です")
    outsider = staff_member(DepartmentFactory(), StaffRole.Role.REVIEW, username="other-moderator")
    for call in (
        lambda: services.moderate_comment(comment, by=outsider, action="hide"),
        lambda: services.dismiss_reports(comment, by=outsider),
        lambda: services.block_user(user, by=outsider, reason="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and not Block.objects.filter(user=user).exists()
    services.block_user(user, by=moderator, reason="繰り返しの宣伝投稿")
    assert Block.objects.filter(user=user).exists()


def test_moderator_blocks_from_the_queue(client, parks, young_resident, moderator):
    user = login_resident(client, young_resident)
    comment = services.post_comment(parks, user=user, person=young_resident, body="広告です")
    login_staff(client, moderator)
    client.post(f"/participation/moderation/users/{user.pk}/block/", {"reason": "宣伝"})
    with pytest.raises(services.Blocked):
        services.post_comment(parks, user=user, person=young_resident, body="広告です", parent=comment)


def test_premoderated_comment_waits_for_approval(client, parks, young_resident, moderator):
    parks.premoderation = True
    parks.save()
    user = login_resident(client, young_resident)
    comment = services.post_comment(
        parks, user=user, person=young_resident, body="確認してから載せてください"
    )
    assert comment.status == Comment.Status.PENDING
    client.logout()
    assert "確認してから載せてください" not in client.get(parks.get_absolute_url()).content.decode()
    services.moderate_comment(comment, by=moderator, action="approve")
    assert "確認してから載せてください" in client.get(parks.get_absolute_url()).content.decode()


def test_residents_cannot_moderate(client, parks, young_resident):
    login_resident(client, young_resident)
    assert client.get("/participation/moderation/").status_code == 403


def test_reply_notifies_the_author_of_the_comment(
    parks, young_resident, older_resident, django_capture_on_commit_callbacks
):
    from madoguchi.identity.testing import resident_user

    first = services.post_comment(
        parks, user=resident_user(older_resident), person=older_resident, body="ベンチがほしい"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(
            parks, user=resident_user(young_resident), person=young_resident, body="賛成です", parent=first
        )
    from django.core import mail

    assert len(mail.outbox) == 1 and mail.outbox[0].to == [older_resident.email]
    assert "返信" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("action", "status", "verb"),
    [
        ("approve", Statement.Status.PUBLISHED, "participation.statement_approved"),
        ("hide", Statement.Status.HIDDEN, "participation.statement_hidden"),
    ],
)
def test_moderator_decides_a_pending_statement_and_the_history_keeps_it(
    client, parks, young_resident, moderator, action, status, verb
):
    parks.premoderation = True
    parks.save()
    omap = OpinionMap.objects.create(process=parks, title="公園", question="公園に何が必要ですか")
    user = resident_user(young_resident)
    statement = services.add_statement(omap, person=young_resident, user=user, text="木陰のベンチ")
    assert statement.status == Statement.Status.PENDING

    login_staff(client, moderator)
    assert "木陰のベンチ" in client.get("/participation/moderation/").content.decode()
    response = client.post(f"/participation/moderation/statements/{statement.pk}/", {"action": action})

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == status
    events = list(events_for(statement))
    assert [e.verb for e in events] == ["participation.statement_added", verb]
    assert events[-1].actor == moderator


def test_a_statement_is_moderated_only_by_the_department_that_runs_the_process(
    parks, young_resident, moderator
):
    omap = OpinionMap.objects.create(process=parks, title="公園", question="公園に何が必要ですか")
    parks.premoderation = True
    parks.save()
    statement = services.add_statement(
        omap, person=young_resident, user=resident_user(young_resident), text="木陰のベンチ"
    )
    outsider = staff_member(DepartmentFactory(code="hoiku"), StaffRole.Role.SYSADMIN, username="hoiku-admin")
    with pytest.raises(PermissionDenied):
        services.moderate_statement(statement, by=outsider, action="approve")
    with pytest.raises(services.NotAllowed):
        services.moderate_statement(statement, by=moderator, action="publish-everything")
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PENDING
    assert [e.verb for e in events_for(statement)] == ["participation.statement_added"]
