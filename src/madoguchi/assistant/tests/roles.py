"""Role-matrix cases for the assistant (tests/quality/roles.py)."""

from tests.quality.roles import Decision, decision

from madoguchi.assistant import services
from madoguchi.assistant.models import CallbackRequest, Faq, FaqVariant, Inquiry, SynonymGroup

from .factories import callback, inquiry, question_log
from .factories_knowledge import faq

# --- conversation


@decision("assistant.inquiries")
def answer_an_inquiry():
    item = inquiry("role-matrix-inquiry")
    return Decision(
        department=item.department,
        perform=lambda user: services.reply_to_inquiry(item, by=user, reply="窓口でお手続きください。"),
        effect=lambda: Inquiry.objects.get(pk=item.pk).status,
    )


@decision("assistant.inquiries")
def mark_a_callback_done():
    item = callback("role-matrix-callback")
    return Decision(
        department=item.department,
        perform=lambda user: services.mark_callback_done(item, by=user, note="電話済み"),
        effect=lambda: CallbackRequest.objects.get(pk=item.pk).done_at is not None,
    )


@decision("assistant.manage")
def add_an_unanswered_question_to_an_faq():
    target = faq(question="住民票の写しを取りたい")
    log = question_log("住所の証明がほしい", confident=False)
    return Decision(
        department=target.department,
        perform=lambda user: services.add_question_to_faq(log, faq=target, by=user),
        effect=lambda: list(FaqVariant.objects.filter(faq=target).values_list("text", flat=True)),
    )


# --- knowledge (FAQ editor cases go below)


@decision("assistant.manage")
def edit_an_faq():
    item = faq(question="粗大ごみの出し方", answer="粗大ごみは申込制です。")
    return Decision(
        department=item.department,
        perform=lambda user: services.update_faq(
            item, by=user, changes={"answer": "粗大ごみは事前に申し込みます。"}
        ),
        effect=lambda: Faq.objects.get(pk=item.pk).answer,
    )


@decision("assistant.manage")
def publish_an_faq():
    item = faq(question="犬の登録をしたい", published=False)
    return Decision(
        department=item.department,
        perform=lambda user: services.publish_faq(item, by=user),
        effect=lambda: Faq.objects.get(pk=item.pk).is_published,
    )


@decision("assistant.manage")
def save_a_synonym_group():
    from madoguchi.core.tests.factories import DepartmentFactory

    return Decision(
        department=DepartmentFactory(code="shimin"),
        perform=lambda user: services.save_synonyms(by=user, terms=["保育所", "保育園"]),
        effect=lambda: list(SynonymGroup.objects.values_list("terms", flat=True)),
        city_wide=True,
    )
