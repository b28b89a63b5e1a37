"""The demo: residents on SMS, LINE and post, one SMS falling back to a letter, a printed batch."""

import pytest

from madoguchi.core.tests.factories import PersonFactory
from madoguchi.notices import demo
from madoguchi.notices.models import ChannelPreference, Delivery, LetterBatch

pytestmark = pytest.mark.django_db


def test_demo_loaders_make_channels_a_fallback_and_a_batch(
    the_city, mailroom_department, django_capture_on_commit_callbacks
):
    for index in range(4):
        PersonFactory(is_demo=True, relationship="世帯主", given_name=f"デモ{index}")
    lines = []
    for loader in demo.LOADERS:
        with django_capture_on_commit_callbacks(execute=True):
            loader.load(lines.append)
    assert sorted(p.order[0] for p in ChannelPreference.objects.all()) == ["letter", "line", "sms", "sms"]
    assert (
        Delivery.objects.filter(
            channel="sms", status=Delivery.Status.FAILED, fallback__channel="letter"
        ).count()
        == 1
    )
    batch = LetterBatch.objects.get()
    assert batch.letter_count == 2  # the resident who chose post, and the undelivered SMS
    for loader in demo.LOADERS:  # idempotent
        with django_capture_on_commit_callbacks(execute=True):
            loader.load(lines.append)
    assert ChannelPreference.objects.count() == 4 and LetterBatch.objects.count() == 1
