"""A web process hands its notifications to Celery in batches (core/notifications/publisher.py)."""

import json
import os
import subprocess
import sys
import threading

import pytest
from django.core import mail

from madoguchi.core.notifications.publisher import BatchPublisher
from madoguchi.core.tests.test_rediscache import reachable_redis

URL = "redis://127.0.0.1:6379/9"  # this module's own: other tests empty theirs in parallel


class Published:
    def __init__(self, fail_first: bool = False):
        self.batches: list[list[int]] = []
        self.arrived = threading.Event()
        self.fail_first = fail_first

    def __call__(self, ids):
        if self.fail_first:
            self.fail_first = False
            raise ConnectionError("broker down")
        self.batches.append(ids)
        self.arrived.set()


def test_ids_added_together_go_out_in_one_batch():
    published = Published()
    publisher = BatchPublisher(published, interval=0.2)
    for pk in (7, 8, 9):
        publisher.add(pk)
    assert published.arrived.wait(5)
    assert published.batches == [[7, 8, 9]]


def test_a_full_batch_goes_out_at_once():
    published = Published()
    publisher = BatchPublisher(published, interval=600, limit=3)
    for pk in (1, 2, 3):
        publisher.add(pk)
    assert published.arrived.wait(5) and published.batches == [[1, 2, 3]]


def test_a_failed_publish_is_logged_and_the_next_batch_still_goes(caplog):
    published = Published(fail_first=True)
    publisher = BatchPublisher(published, interval=600)
    publisher.add(1)
    publisher.flush()
    assert "could not queue 1 notifications" in caplog.text
    publisher.add(2)
    publisher.flush()
    assert published.batches == [[2]]  # 1 stays pending in the database, for the beat sweep


def test_what_waits_is_published_by_flush_at_exit(monkeypatch):
    from madoguchi.core.notifications import publisher as module

    at_exit = []
    monkeypatch.setattr(module.atexit, "register", lambda *call: at_exit.append(call))
    published = Published()
    publisher = BatchPublisher(published, interval=600)
    publisher.add(4)
    assert published.batches == [] and at_exit == [(publisher.flush, module.EXIT_WAIT)]
    function, wait = at_exit[0]
    function(wait)  # what the interpreter calls at the process's exit
    assert published.batches == [[4]]


class SlowBroker:
    """A publish that waits until released: a broker slow to answer, or stuck."""

    def __init__(self):
        self.started, self.release, self.done = threading.Event(), threading.Event(), []

    def __call__(self, ids):
        self.started.set()
        self.release.wait(5)
        self.done.append(ids)


def test_the_exit_flush_waits_for_the_batch_the_thread_is_publishing():
    """The thread took a batch and the broker is slow; the process exits: its flush waits for
    that batch, then publishes what came after, instead of the process ending under it."""
    broker = SlowBroker()
    publisher = BatchPublisher(broker, interval=0.01)
    publisher.add(1)
    assert broker.started.wait(5)  # the thread is publishing [1]
    publisher.add(2)
    threading.Timer(0.2, broker.release.set).start()
    publisher.flush(wait=5)
    assert broker.done == [[1], [2]]


def test_an_exit_flush_gives_up_on_a_stuck_broker():
    broker = SlowBroker()
    publisher = BatchPublisher(broker, interval=600)
    publisher.add(1)
    threading.Thread(target=publisher.flush).start()  # the thread's flush, stuck on the broker
    assert broker.started.wait(5)
    publisher.add(2)
    publisher.flush(wait=0.1)  # gives up: 2 is not lost, it waits (and is pending in the database)
    assert broker.done == []
    broker.release.set()
    publisher.flush()
    assert broker.done == [[1], [2]]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_worker_publishes_its_own_ids_not_its_parents():
    published = Published()
    publisher = BatchPublisher(published, interval=600)
    publisher.add(1)  # waiting in the parent when the worker is forked
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the worker: a batch and a thread of its own
        try:
            publisher.add(2)
            publisher.flush()
            os.write(write, json.dumps(published.batches).encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    assert json.loads(os.read(read, 1000)) == [[2]]
    publisher.flush()
    assert published.batches == [[1]]


def test_the_batch_task_queues_each_notification_as_its_own(db):
    from madoguchi.core.models import Notification
    from madoguchi.core.tasks import send_notifications

    notices = [
        Notification.objects.create(
            address=f"r{n}@example.jp", channel="email", template="t", subject="s", body="b"
        )
        for n in range(2)
    ]
    assert send_notifications.apply(args=[[[n.pk, "req-1"] for n in notices]]).get() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["r0@example.jp", "r1@example.jp"]
    assert {n.status for n in Notification.objects.all()} == {Notification.Status.SENT}


@pytest.fixture
def broker():
    client = reachable_redis(URL)
    client.flushdb()
    yield client
    client.flushdb()


def test_a_web_process_publishes_its_commits_notifications_in_one_message(broker):
    """Production's settings (tasks to the workers): two notices queued after commit reach the
    broker as one `send_notifications` message."""
    code = (
        "import django, time; django.setup(); "
        "from madoguchi.core.notifications import service; "
        "from madoguchi.core.jsonlog import request_id_var; request_id_var.set('req-7'); "
        "service._enqueue(5); service._enqueue(6); time.sleep(1)"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "madoguchi.config.settings",
        "CELERY_BROKER_URL": URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MADOGUCHI_NOTIFY_BATCH_SECONDS": "0.2",
        "PATH": "",
    }
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    [raw] = broker.lrange("celery", 0, -1)
    message = json.loads(raw)
    assert message["headers"]["task"] == "madoguchi.core.tasks.send_notifications"
    assert message["headers"]["argsrepr"] == "([[5, 'req-7'], [6, 'req-7']],)"


def test_a_task_in_a_worker_publishes_at_once(monkeypatch, settings):
    """A worker's task (a beat reminder run) is not a web request: no batch waits in it."""
    from madoguchi.core.notifications import service
    from madoguchi.core.tasks import send_notification

    settings.MADOGUCHI_NOTIFY_BATCH_SECONDS = 0.05
    sent, batched = [], []
    monkeypatch.setattr(send_notification.app.conf, "task_always_eager", False)
    monkeypatch.setattr(send_notification, "delay", sent.append)
    monkeypatch.setattr(service, "_publisher", lambda: type("P", (), {"add": staticmethod(batched.append)}))
    monkeypatch.setattr(type(send_notification.app), "current_worker_task", property(lambda app: object()))
    service._enqueue(11)
    assert (sent, batched) == ([11], [])
    monkeypatch.setattr(type(send_notification.app), "current_worker_task", property(lambda app: None))
    service._enqueue(12)
    assert (sent, batched) == ([11], [[12, ""]])
