import pytest

from madoguchi.notices.channels import common, line, sms

from .factories import city, mailroom


class FakeClock:
    """A clock that never waits: sleep moves it on."""

    def __init__(self):
        self.time, self.slept = 1_000_000.0, []

    def now(self):
        return self.time

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.time += seconds


@pytest.fixture(autouse=True)
def fresh_sandboxes(monkeypatch, settings, tmp_path):
    """Each test gets its own sandbox providers, a clock that does not wait, and its own secrets."""
    settings.MADOGUCHI_SMS_API_BASE = ""
    settings.MADOGUCHI_LINE_CHANNEL_ACCESS_TOKEN = ""
    settings.MADOGUCHI_SMS_WEBHOOK_SECRET = "sms-test-secret"
    settings.MADOGUCHI_LINE_CHANNEL_SECRET = "line-test-secret"
    clock = FakeClock()
    monkeypatch.setattr(common, "clock", clock)
    monkeypatch.setattr(sms, "clock", clock)
    monkeypatch.setattr(line, "clock", clock)
    monkeypatch.setattr(sms, "sandbox", sms.SandboxSmsApi())
    monkeypatch.setattr(line, "sandbox", line.SandboxLineApi())
    return clock


@pytest.fixture
def the_city(db):
    return city()


@pytest.fixture
def mailroom_department(db):
    return mailroom()
