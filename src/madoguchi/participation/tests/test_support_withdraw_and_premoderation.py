"""Issue 29 item 9: 賛同済み and withdrawing a support, a survey already answered, channel names,
proposals held for checking where the process asks for it, plain counts."""

import pytest
from django.urls import reverse

from madoguchi.core.events import events_for
from madoguchi.identity.testing import login_resident, login_staff, resident_user
from madoguchi.participation import services
from madoguchi.participation.events import Verb
from madoguchi.participation.models import Proposal

pytestmark = pytest.mark.django_db


def _page(client, proposal) -> str:
    return client.get(reverse("participation:proposal", args=[proposal.pk])).content.decode()


def test_support_turns_into_supported_and_can_be_withdrawn(client, proposal, young_resident):
    login_resident(client, young_resident)
    assert "賛同済み" not in _page(client, proposal)
    client.post(reverse("participation:proposal_support", args=[proposal.pk]))
    page = _page(client, proposal)
    assert "✓ 賛同済み" in page and "賛同を取り消す" in page
    assert "1人が賛同（目標 3人）" in page
    assert f'action="{reverse("participation:proposal_support", args=[proposal.pk])}"' not in page

    client.post(reverse("participation:proposal_unsupport", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.supports_count == 0 and not proposal.supports.exists()
    page = _page(client, proposal)
    assert "賛同済み" not in page and "0人が賛同（目標 3人）" in page
    assert f'action="{reverse("participation:proposal_support", args=[proposal.pk])}"' in page
    assert [e.verb for e in events_for(proposal)].count(Verb.SUPPORT_WITHDRAWN) == 1
    # and supporting again is allowed
    client.post(reverse("participation:proposal_support", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.supports_count == 1


def test_withdrawing_without_a_support_is_refused_and_changes_nothing(
    proposal, young_resident, older_resident
):
    services.support_proposal(proposal, person=older_resident, user=resident_user(older_resident))
    with pytest.raises(services.NotAllowed, match="まだ賛同していません"):
        services.withdraw_support(proposal, person=young_resident, user=resident_user(young_resident))
    proposal.refresh_from_db()
    assert proposal.supports_count == 1


def test_withdrawing_after_the_city_answered_is_refused(proposal, young_resident, kyodo_staff):
    user = resident_user(young_resident)
    services.support_proposal(proposal, person=young_resident, user=user)
    services.answer_proposal(proposal, by=kyodo_staff, status=Proposal.Status.ACCEPTED, answer="整備します")
    with pytest.raises(services.NotAllowed):
        services.withdraw_support(proposal, person=young_resident, user=user)
    proposal.refresh_from_db()
    assert proposal.supports_count == 1


def test_an_answered_survey_says_so_before_the_form(client, survey, young_resident):
    login_resident(client, young_resident)
    url = reverse("participation:survey", args=[survey.pk])
    assert "回答を送信する" in client.get(url).content.decode()
    first = survey.questions.first()
    services.answer_survey(
        survey, person=young_resident, user=resident_user(young_resident), answers={first.pk: "殿ヶ谷戸庭園"}
    )
    page = client.get(url).content.decode()
    assert "このアンケートにはすでに回答していただいています" in page
    assert "回答を送信する" not in page


def test_survey_results_name_channels_in_words(client, survey, young_resident, kyodo_staff):
    first = survey.questions.first()
    services.answer_survey(
        survey, person=young_resident, user=resident_user(young_resident), answers={first.pk: "殿ヶ谷戸庭園"}
    )
    services.enter_paper_answer(survey, by=kyodo_staff, channel="postal", answers={first.pk: "殿ヶ谷戸庭園"})
    url = reverse("participation:survey_results", args=[survey.pk])
    page = client.get(url).content.decode()
    assert ">オンライン<" in page and ">郵送<" in page
    assert ">online<" not in page and ">postal<" not in page
    client.cookies["madoguchi_language"] = "en"
    page = client.get(url).content.decode()
    assert ">Online<" in page and ">Post<" in page


@pytest.fixture
def moderated(parks):
    parks.premoderation = True
    parks.save()
    return parks


def test_a_proposal_waits_for_moderation_where_the_process_asks(
    client, moderated, young_resident, older_resident, kyodo_staff
):
    login_resident(client, young_resident)
    client.post(
        reverse("participation:proposal_new", args=[moderated.pk]),
        {"title": "夜の照明を増やす", "body": "暗くて歩きにくいので照明を増やしてほしい。"},
    )
    proposal = Proposal.objects.get(title="夜の照明を増やす")
    assert proposal.moderation == Proposal.Moderation.PENDING
    assert "担当部署が内容を確認してから公開します" in _page(client, proposal)  # its author sees it

    other = client.__class__()
    login_resident(other, older_resident)
    assert other.get(reverse("participation:proposal", args=[proposal.pk])).status_code == 404
    assert "夜の照明を増やす" not in other.get(moderated.get_absolute_url()).content.decode()
    with pytest.raises(services.NotAllowed):
        services.support_proposal(proposal, person=older_resident, user=resident_user(older_resident))

    login_staff(client, kyodo_staff)
    queue = client.get(reverse("participation:moderation")).content.decode()
    assert "夜の照明を増やす" in queue
    client.post(reverse("participation:moderate_proposal", args=[proposal.pk]), {"action": "approve"})
    proposal.refresh_from_db()
    assert proposal.is_published
    assert Verb.PROPOSAL_APPROVED in [e.verb for e in events_for(proposal)]
    assert "夜の照明を増やす" in other.get(moderated.get_absolute_url()).content.decode()


def test_without_premoderation_a_proposal_is_public_at_once(parks, young_resident):
    proposal = services.submit_proposal(
        parks, person=young_resident, user=resident_user(young_resident), title="水飲み場", body="ほしい"
    )
    assert proposal.is_published


def test_only_the_processes_staff_moderate_a_proposal(moderated, young_resident, kyodo):
    from django.core.exceptions import PermissionDenied

    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import DepartmentFactory, staff_member

    proposal = services.submit_proposal(
        moderated, person=young_resident, user=resident_user(young_resident), title="水飲み場", body="ほしい"
    )
    outsider = staff_member(DepartmentFactory(code="other"), StaffRole.Role.REVIEW, username="outsider")
    with pytest.raises(PermissionDenied):
        services.moderate_proposal(proposal, by=outsider, action="approve")
    proposal.refresh_from_db()
    assert proposal.moderation == Proposal.Moderation.PENDING
