"""Celery's Redis transport publishes through one redis-py client per channel
(core/redisbroker.py), and the messages still arrive."""

import pytest
from kombu import Connection

from madoguchi.core.tests.test_rediscache import _clients_built, reachable_redis

URL = "redis://127.0.0.1:6379/12"
TRANSPORT = "madoguchi.core.redisbroker:Transport"


@pytest.fixture
def broker():
    client = reachable_redis(URL)
    client.flushdb()
    yield
    client.flushdb()


def _publish(transport: str | None, monkeypatch, messages=3):
    with Connection(URL, transport=transport) as connection:
        queue = connection.SimpleQueue("test-redisbroker")
        built = _clients_built(monkeypatch)
        for n in range(messages):
            queue.put({"notification": n})
        monkeypatch.undo()
        received = []
        for _ in range(messages):
            message = queue.get(timeout=2)
            received.append(message.payload["notification"])
            message.ack()
        queue.close()
    return built, received


def test_messages_are_published_through_one_client(broker, monkeypatch):
    built, received = _publish(TRANSPORT, monkeypatch)
    assert received == [0, 1, 2]
    assert len(built) <= 1  # none when the channel's client was made before


def test_kombus_own_transport_builds_one_per_message(broker, monkeypatch):
    """What the subclass is for: if kombu starts sharing its client, the subclass can go."""
    built, received = _publish(None, monkeypatch)
    assert received == [0, 1, 2]
    assert len(built) >= 3


def test_a_new_pool_after_a_disconnect_gets_a_new_client(broker):
    with Connection(URL, transport=TRANSPORT) as connection:
        channel = connection.default_channel
        with channel.conn_or_acquire() as first, channel.conn_or_acquire() as again:
            assert first is again and first.connection_pool is channel.pool
        channel._disconnect_pools()
        with channel.conn_or_acquire() as after:
            assert after is not first and after.connection_pool is channel.pool
            assert after.ping()


def test_the_settings_choose_it_for_a_redis_broker_only():
    import subprocess
    import sys

    code = "import django; django.setup(); from django.conf import settings; print(settings.CELERY_BROKER_TRANSPORT)"

    def chosen(url: str) -> str:
        env = {"DJANGO_SETTINGS_MODULE": "madoguchi.config.settings", "CELERY_BROKER_URL": url, "PATH": ""}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        return out.stdout.strip().splitlines()[-1]

    assert chosen("redis://127.0.0.1:6379/1") == TRANSPORT
    assert chosen("amqp://guest@127.0.0.1//") == "None"


def test_a_web_process_publishing_a_task_does_not_wait_for_its_result():
    """With production's Redis result backend, a publish made the web process subscribe to the
    task's result channel (nobody reads a result): the settings ignore results."""
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from madoguchi.config.celery import app; "
        "from madoguchi.core.tasks import send_notification; calls = []; "
        "app.backend.on_task_call = lambda *args: calls.append(args); "
        "send_notification.delay(0); print(len(calls))"
    )
    url = "redis://127.0.0.1:6379/8"  # its own: the other tests here empty theirs in parallel
    client = reachable_redis(url)
    client.flushdb()
    env = {
        "DJANGO_SETTINGS_MODULE": "madoguchi.config.settings",
        "CELERY_BROKER_URL": url,
        "CELERY_RESULT_BACKEND": url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PATH": "",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0"
    assert client.llen("celery") == 1  # the message itself was published
    client.flushdb()
