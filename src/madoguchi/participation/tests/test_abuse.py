"""Abuse: posting is rate-limited; one support per resident, also under concurrent requests."""

import threading

import pytest
from django.db import connection

from madoguchi.identity.assurance import AssuranceLevel
from madoguchi.identity.testing import login_resident, resident_user
from madoguchi.participation import services
from madoguchi.participation.models import Comment, Participation, Proposal, Support


@pytest.mark.django_db
def test_posting_is_rate_limited(client, parks, young_resident, settings):
    settings.MADOGUCHI_PARTICIPATION_RATE_LIMITS = {"comment": (3, 60)}
    login_resident(client, young_resident)
    for i in range(3):
        client.post(f"/participation/processes/{parks.pk}/comments/", {"body": f"意見{i}"})
    response = client.post(f"/participation/processes/{parks.pk}/comments/", {"body": "4件目"}, follow=True)
    assert Comment.objects.count() == 3
    assert "しばらくしてからもう一度" in response.content.decode()


@pytest.mark.django_db
def test_support_once_per_resident(parks, proposal, young_resident):
    user = resident_user(young_resident)
    services.support_proposal(proposal, person=young_resident, user=user)
    with pytest.raises(services.AlreadyDone):
        services.support_proposal(proposal, person=young_resident, user=user)
    proposal.refresh_from_db()
    assert proposal.supports_count == 1 and Support.objects.count() == 1
    assert Participation.objects.filter(kind="support").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "message"),
    [
        (AssuranceLevel.EMAIL, "マイナンバーカードで本人確認をした市民の方です"),
        (AssuranceLevel.NONE, "マイナンバーカードで本人確認をした市民の方です"),
    ],
)
def test_only_card_verified_residents_support(client, proposal, young_resident, level, message):
    login_resident(client, young_resident, level)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert message in page
    response = client.post(f"/participation/proposals/{proposal.pk}/support/", follow=True)
    assert Support.objects.count() == 0
    assert "マイナンバーカードで本人確認をした市民の方だけが参加できます" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_supports_leave_exactly_one(parks, proposal, young_resident):
    user = resident_user(young_resident)
    barrier = threading.Barrier(6)
    outcomes = []

    def support():
        try:
            barrier.wait()
            services.support_proposal(Proposal.objects.get(pk=proposal.pk), person=young_resident, user=user)
            outcomes.append("ok")
        except services.AlreadyDone:
            outcomes.append("duplicate")
        finally:
            connection.close()

    threads = [threading.Thread(target=support) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["duplicate"] * 5 + ["ok"]
    assert Support.objects.filter(proposal=proposal).count() == 1
    proposal.refresh_from_db()
    assert proposal.supports_count == 1
    assert Participation.objects.filter(kind="support").count() == 1
