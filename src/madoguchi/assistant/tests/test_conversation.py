"""The conversation: questions logged masked, answers on the page without JavaScript, feedback,
the tools register learning of the chatbot, and the learning loop."""

from __future__ import annotations

import datetime
import io
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from madoguchi.assistant import services
from madoguchi.assistant.models import FaqVariant, Feedback, QuestionLog
from madoguchi.automation import services as automation
from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.core.models import AuditEntry, Event, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.identity.testing import login_staff

from .factories import question_log
from .factories_knowledge import faq

pytestmark = pytest.mark.django_db

MY_NUMBER = "391417776310"


@pytest.fixture
def shimin():
    return DepartmentFactory(code="shimin", name="市民課")


@pytest.fixture
def juminhyo(shimin):
    return faq(
        "juminhyo",
        question="住民票の写しを取りたい",
        answer="住民票の写しは市民課の窓口とコンビニで取れます。",
        variants=["住民票がほしい", "住民票の取り方"],
        department=shimin,
    )


@pytest.mark.parametrize(
    "question, secret",
    [
        (f"マイナンバー{MY_NUMBER}で住民票の写しを取りたい", MY_NUMBER),
        ("住民票の写しを取りたい 3914 1777 6310", "6310"),
        ("住民票の写しを取りたい。連絡は090-1234-5678へ", "5678"),
        ("住民票の写しを取りたい ０９０－１２３４－５６７８", "５６７８"),
        ("住民票の写しを取りたい taro@example.jp", "taro@"),
    ],
)
def test_a_question_with_personal_data_is_logged_masked(juminhyo, caplog, question, secret):
    caplog.set_level(logging.DEBUG)
    asked = services.ask(question)
    log = QuestionLog.objects.get()
    assert secret not in log.text and "5678" not in log.text and "6310" not in log.text
    assert log.masked  # which kinds were hidden is kept, not the value
    assert asked.result.answers and asked.result.answers[0].faq_id == juminhyo.pk
    everything = " ".join(
        [
            str(list(QuestionLog.objects.values())),
            str(list(Event.objects.values())),
            str(list(AuditEntry.objects.values())),
            caplog.text,
        ]
    )
    assert secret not in everything


def test_the_page_answers_without_javascript(client, juminhyo):
    response = client.post(reverse("assistant:ask"), {"q": "住民票がほしい"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "住民票の写しは市民課の窓口とコンビニで取れます。" in page
    assert "この回答は役に立ちましたか？" in page
    assert QuestionLog.objects.get().via == "page"


def test_a_get_link_also_answers(client, juminhyo):
    response = client.get(reverse("assistant:ask"), {"q": "住民票の取り方"})
    assert "住民票の写しを取りたい" in response.content.decode()


def test_not_confident_says_so_and_offers_a_person(client, juminhyo):
    response = client.post(reverse("assistant:ask"), {"q": "ペットの火葬"})
    page = response.content.decode()
    assert "うまくお答えできませんでした" in page
    assert reverse("assistant:handoff") in page
    assert QuestionLog.objects.get().confident is False


@pytest.mark.parametrize(
    "q, message", [("", "質問を入力してください。"), ("あ" * 201, "質問は200文字以内で入力してください")]
)
def test_a_bad_question_is_refused_next_to_the_field(client, q, message):
    response = client.post(reverse("assistant:ask"), {"q": q})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not QuestionLog.objects.exists()


def test_the_widget_posts_for_json(client, juminhyo):
    response = client.post(
        reverse("assistant:ask"), {"q": "住民票がほしい", "via": "widget"}, HTTP_ACCEPT="application/json"
    )
    data = response.json()
    assert data["confident"] is True
    assert data["answers"][0]["title"] == "住民票の写しを取りたい"
    assert data["handoff_url"].startswith(reverse("assistant:handoff"))
    assert QuestionLog.objects.get().via == "widget"


def test_the_widget_is_on_public_pages_and_not_on_staff_pages(client):
    home = client.get("/").content.decode()
    assert 'class="assistant-widget"' in home
    assert "assistant/widget.js" in home
    user = staff_member(DepartmentFactory(), StaffRole.Role.REVIEW)
    login_staff(client, user)
    staff_page = client.get(reverse("assistant_staff:inbox"), follow=True).content.decode()
    assert 'class="assistant-widget"' not in staff_page


def test_feedback_counts_the_last_answer(client, juminhyo):
    asked = services.ask("住民票がほしい")
    url = reverse("assistant:feedback")
    assert client.post(url, {"t": asked.token, "helpful": "no"}).status_code == 200
    assert Feedback.objects.get(log=asked.log).helpful is False
    response = client.post(url, {"t": asked.token, "helpful": "yes"}, HTTP_ACCEPT="application/json")
    assert response.json()["helpful"] is True
    assert Feedback.objects.get(log=asked.log).helpful is True


@pytest.mark.parametrize("token, helpful", [("forged", "yes"), ("", "no"), (None, "maybe")])
def test_feedback_with_a_forged_token_or_answer_changes_nothing(client, juminhyo, token, helpful):
    if token is None:
        token = services.ask("住民票がほしい").token
    response = client.post(reverse("assistant:feedback"), {"t": token, "helpful": helpful})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_the_first_answer_for_a_department_enters_the_tools_register(juminhyo, shimin):
    year = fiscal_year(timezone.localdate())
    assert not automation.tools_in_use(year).exists()
    services.ask("住民票がほしい")
    services.ask("住民票の取り方")
    registered = automation.tools_in_use(year).filter(department=shimin, kind="chatbot")
    assert registered.count() == 1
    assert registered.get().name == "問合せ案内（チャットボット）"


def test_an_unconfident_answer_does_not_enter_the_register(juminhyo, shimin):
    services.ask("ペットの火葬")
    assert not automation.tools_in_use(fiscal_year(timezone.localdate())).exists()


# --- the learning loop ---------------------------------------------------------------------------


def test_near_duplicate_questions_are_grouped():
    texts = [
        "市役所の駐車場は何台とめられますか",
        "市役所に駐車場はありますか",
        "市役所の駐車場はありますか？",
        "ペットの火葬はしてもらえますか",
        "ペットの火葬はできますか",
        "選挙の期日前投票の場所",
    ]
    logs = [question_log(text, confident=False) for text in texts]
    clusters = services.cluster_questions(logs)
    groups = sorted(sorted(log.text for log in cluster.questions) for cluster in clusters)
    assert sorted(texts[:3]) in groups
    assert sorted(texts[3:5]) in groups
    assert [texts[5]] in groups
    assert clusters[0].size == 3  # largest first


def test_the_weekly_list_holds_unanswered_and_unhelpful_questions_only(juminhyo):
    unanswered = services.ask("ペットの火葬はできますか").log
    unhelpful = services.ask("住民票がほしい").log
    services.record_feedback(unhelpful, helpful=False)
    helped = services.ask("住民票の取り方").log
    services.record_feedback(helped, helpful=True)
    listed = {log.pk for c in services.weekly_clusters(unanswered.asked_at.date()) for log in c.questions}
    assert listed == {unanswered.pk, unhelpful.pk}


def test_adding_a_question_to_an_faq_makes_it_answerable(client, juminhyo, shimin):
    question = "戸籍じゃなくて住所の証明がほしい"
    first = services.ask(question)
    assert first.result.confident is False or first.result.answers[0].faq_id != juminhyo.pk
    author = staff_member(shimin, StaffRole.Role.REVIEW)
    login_staff(client, author)
    page = client.get(reverse("assistant_staff:learning")).content.decode()
    assert question in page
    response = client.post(reverse("assistant_staff:add_variant"), {"log": first.log.pk, "faq": juminhyo.pk})
    assert response.status_code == 302
    assert FaqVariant.objects.filter(faq=juminhyo, text=question).exists()
    again = services.ask(question)
    assert again.result.confident and again.result.answers[0].faq_id == juminhyo.pk
    listed = [log.pk for c in services.weekly_clusters(first.log.asked_at.date()) for log in c.questions]
    assert first.log.pk not in listed


def test_masked_labels_are_left_out_of_the_variant(juminhyo, shimin):
    log = services.ask("私は山田太郎です。住民票の写しを取りたい 090-1234-5678").log
    author = staff_member(shimin, StaffRole.Role.REVIEW)
    services.add_question_to_faq(log, faq=juminhyo, by=author)
    variant = FaqVariant.objects.filter(faq=juminhyo).order_by("-pk").first()
    assert "[" not in variant.text and "山田" not in variant.text and "5678" not in variant.text


def test_an_author_of_another_department_cannot_add_to_this_faq(client, juminhyo):
    log = services.ask("ペットの火葬").log
    other = staff_member(DepartmentFactory(), StaffRole.Role.REVIEW)
    login_staff(client, other)
    client.post(reverse("assistant_staff:add_variant"), {"log": log.pk, "faq": juminhyo.pk})
    assert not FaqVariant.objects.filter(faq=juminhyo, text="ペットの火葬").exists()


def test_dismissed_questions_leave_the_list(client, shimin):
    log = services.ask("テスト").log
    login_staff(client, staff_member(shimin, StaffRole.Role.REVIEW))
    client.post(reverse("assistant_staff:dismiss"), {"log": log.pk})
    assert QuestionLog.objects.get(pk=log.pk).dismissed_at is not None
    assert not services.weekly_clusters(log.asked_at.date())


def test_the_weekly_run_records_the_groups_and_the_command_prints_them(juminhyo):
    from django.core.management import call_command

    from madoguchi.assistant.tasks import group_last_weeks_questions

    logs = [
        services.ask(text).log
        for text in ("ペットの火葬はできますか", "ペットの火葬をしたい", "選挙の投票所")
    ]
    last_week = timezone.now() - datetime.timedelta(days=7)
    QuestionLog.objects.filter(pk__in=[log.pk for log in logs]).update(asked_at=last_week)
    assert group_last_weeks_questions() == 2
    [event] = Event.objects.filter(verb="assistant_questions_clustered")
    assert event.data["groups"] == 2 and event.data["questions"] == 3
    out = io.StringIO()
    call_command("assistant_questions", "--week", last_week.date().isoformat(), stdout=out)
    assert "2 groups" in out.getvalue() and "   2  ペットの火葬" in out.getvalue()
