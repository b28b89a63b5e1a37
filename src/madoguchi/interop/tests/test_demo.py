"""The demo loader drops a sample archive into the demo inbox and takes it in, once."""

import pytest

from madoguchi.interop import demo
from madoguchi.interop.models import PortalSubmission, ReviewItem

from .factories import family, genkyo

pytestmark = pytest.mark.django_db


def test_the_demo_archive_is_taken_in_once(settings, tmp_path):
    settings.MADOGUCHI_PORTAL_INBOX = str(tmp_path)
    genkyo()
    parent, child = family()
    for person in (parent, child):
        person.is_demo = True
        person.save(update_fields=["is_demo"])
    lines = []
    demo.load(lines.append)
    demo.load(lines.append)
    assert (tmp_path / "done" / demo.ARCHIVE).exists()
    accepted = PortalSubmission.objects.get(portal_number="DEMO-PT-0001")
    assert accepted.application is not None and accepted.application.applicant == parent
    assert sorted(ReviewItem.objects.values_list("kind", flat=True)) == ["field", "procedure"]
    assert PortalSubmission.objects.count() == 2
