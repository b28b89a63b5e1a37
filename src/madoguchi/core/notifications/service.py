from __future__ import annotations

import functools

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from ..jsonlog import request_id_var
from ..models import Municipality, Notification
from ..prepared import PreparedInsert
from . import email  # noqa: F401  (registers the email notifier)
from .base import notifiers, routers
from .publisher import BatchPublisher

_INSERT = PreparedInsert.of(Notification)  # a message for every submit: its INSERT compiled once


def notify(recipient, template: str, *, language: str = "ja", **context) -> list[Notification]:
    """Queue `template` for a Person or User on every configured channel that can reach them.

    Templates: `<template>.subject.txt` and `<template>.txt`, rendered in the recipient's
    language. The message is stored first, then sent by a task after commit, so a rollback
    sends nothing and a failed send is visible in the back office.

    A bare e-mail address (someone without an account, such as a visitor who booked without the
    card) is reached by e-mail only. When a registered Router knows the person's order of
    channels (the channels it offers), the message goes on the first of that order that reaches them
    (one Notification); the others are its fall-back (`notification_failed`, `forward`).
    """
    created = [
        _INSERT.save(notification)
        for notification in compose(recipient, template, language=language, **context)
    ]
    queue(created)
    return created


def compose(recipient, template: str, *, language: str = "ja", **context) -> list[Notification]:
    """The messages `notify` would store, rendered and addressed but not stored: for a caller
    that writes them in a statement of its own (`record_event(…, along=…)`, one round trip fewer
    on every submit) and then `queue`s them."""
    from ..models import Person

    direct = recipient if isinstance(recipient, str) else ""
    person = recipient if isinstance(recipient, Person) else getattr(recipient, "person", None)
    user = recipient.user if isinstance(recipient, Person) else (None if direct else recipient)
    context = {"city": Municipality.current(), "person": person, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}.subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    composed: list[Notification] = []
    route = None if direct else _route(person, user)
    for code in settings.MADOGUCHI_NOTIFIERS if route is None else route:
        if code not in notifiers:
            continue
        if direct:
            address = direct if code == "email" else ""
        else:
            address = notifiers.get(code).address_for(person, user)
        if not address:
            continue
        if route is not None and composed:
            break  # one channel per message: the rest of the order is the fall-back
        composed.append(
            Notification(
                recipient=person,
                recipient_user=user,
                address=address,
                channel=code,
                template=template,
                subject=subject,
                body=body,
            )
        )
    return composed


def queue(notifications) -> None:
    """Each stored notification sent by a task after the commit (a rollback sends nothing)."""
    for notification in notifications:
        transaction.on_commit(functools.partial(_enqueue, notification.pk))


def _route(person, user) -> list[str] | None:
    for router in routers:
        route = router.route(person, user)
        if route is not None:
            return route
    return None


def forward(notification: Notification, *, channel: str, address: str) -> Notification:
    """The same message again on another channel (the fall-back after `channel` failed), queued
    after commit like any other."""
    copy = Notification.objects.create(
        recipient=notification.recipient,
        recipient_user=notification.recipient_user,
        address=address,
        channel=channel,
        template=notification.template,
        subject=notification.subject,
        body=notification.body,
    )
    queue([copy])
    return copy


def _enqueue(pk: int) -> None:
    from ..tasks import send_notification

    app = send_notification.app
    if settings.MADOGUCHI_NOTIFY_BATCH_SECONDS and not (
        app.conf.task_always_eager or app.current_worker_task
    ):
        _publisher().add([pk, request_id_var.get()])  # a web request: in the process's next batch
    else:  # the demo's eager tasks; a task in a worker (no one waits for it, and it may exit)
        send_notification.delay(pk)


@functools.cache
def _publisher() -> BatchPublisher:
    from ..tasks import send_notifications

    return BatchPublisher(send_notifications.delay, interval=settings.MADOGUCHI_NOTIFY_BATCH_SECONDS)
