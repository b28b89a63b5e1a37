"""The FAQ and synonym editor: who may edit what, the Events each change writes, bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from madoguchi.assistant import services
from madoguchi.assistant.events import Verb
from madoguchi.assistant.models import Faq, SynonymGroup
from madoguchi.core.events import events_for
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.identity.testing import login_staff

from .factories_knowledge import faq

pytestmark = pytest.mark.django_db


@pytest.fixture
def gomi():
    return DepartmentFactory(code="gomi", name="ごみ減量推進課")


@pytest.fixture
def editor(gomi):
    return staff_member(gomi, StaffRole.Role.RECEPTION, username="faq-editor")


@pytest.fixture
def outsider():
    return staff_member(
        DepartmentFactory(code="kazei", name="課税課"), StaffRole.Role.REVIEW, username="faq-outsider"
    )


def test_create_publish_review_and_variant_write_events(gomi, editor):
    item = services.create_faq(
        by=editor,
        department=gomi,
        key="denchi",
        question="電池の捨て方",
        answer="有害ごみで出します。",
        variants=["乾電池の出し方"],
    )
    assert not item.is_published
    services.publish_faq(item, by=editor)
    services.review_faq(item, by=editor)
    services.add_variant(item, text="ボタン電池はどうする", by=editor)
    assert services.add_variant(item, text="ボタン電池はどうする", by=editor) is None  # already there
    services.update_faq(item, by=editor, changes={"answer": "有害ごみとして透明な袋で出します。"})
    verbs = [e.verb for e in events_for(item)]
    assert verbs == [
        Verb.FAQ_CREATED,
        Verb.FAQ_PUBLISHED,
        Verb.FAQ_REVIEWED,
        Verb.VARIANT_ADDED,
        Verb.FAQ_CHANGED,
    ]
    item.refresh_from_db()
    assert item.reviewer == editor and item.review_on > item.reviewed_on
    assert sorted(item.variants.values_list("text", flat=True)) == ["ボタン電池はどうする", "乾電池の出し方"]


def test_another_departments_staff_cannot_edit(gomi, editor, outsider):
    item = faq("sodai", question="粗大ごみの出し方", department=gomi, published=False)
    with pytest.raises(PermissionDenied):
        services.publish_faq(item, by=outsider)
    with pytest.raises(PermissionDenied):
        services.update_faq(item, by=outsider, changes={"answer": "変更"})
    with pytest.raises(PermissionDenied):
        services.create_faq(by=outsider, department=gomi, question="q", answer="a")
    assert not Faq.objects.get(pk=item.pk).is_published
    assert list(services.faqs_for(outsider)) == []
    assert list(services.faqs_for(editor)) == [item]


def test_bad_input_changes_nothing(gomi, editor):
    with pytest.raises(ValidationError) as caught:
        services.create_faq(by=editor, department=gomi, key="Bad Key", question="電池", answer="有害ごみ")
    assert "key" in caught.value.error_dict
    with pytest.raises(ValidationError):
        services.create_faq(by=editor, department=gomi, question="", answer="")
    with pytest.raises(ValidationError):
        services.save_synonyms(by=editor, terms=["保育園"])
    assert not Faq.objects.exists() and not SynonymGroup.objects.exists()


def test_synonyms_any_faq_editor_but_not_other_staff(editor):
    group = services.save_synonyms(by=editor, terms=services.parse_terms("保育所、保育園\n保育施設"))
    assert group.terms == ["保育所", "保育園", "保育施設"]
    assert [e.verb for e in events_for(group)] == [Verb.SYNONYMS_SAVED]
    accountant = staff_member(DepartmentFactory(code="kaikei"), StaffRole.Role.ACCOUNTING, username="kaikei")
    with pytest.raises(PermissionDenied):
        services.save_synonyms(by=accountant, terms=["a", "b"])


def test_editor_pages(gomi, editor, outsider):
    client = Client()
    login_staff(client, editor)
    response = client.post(
        reverse("assistant_staff:faq_new"),
        {
            "department": str(gomi.pk),
            "key": "spray",
            "question": "スプレー缶の捨て方",
            "answer": "使い切ってから出します。",
            "variants": "スプレー缶\nエアゾール缶",
        },
    )
    item = Faq.objects.get(key="spray")
    assert response.status_code == 302 and item.variants.count() == 2
    assert (
        "スプレー缶の捨て方"
        in client.get(reverse("assistant_staff:faqs"), {"q": "エアゾール"}).content.decode()
    )
    assert (
        client.post(reverse("assistant_staff:faq_publish", args=[item.pk]), {"publish": "yes"}).status_code
        == 302
    )
    assert Faq.objects.get(pk=item.pk).is_published
    # an empty answer is refused beside the field and changes nothing
    response = client.post(
        reverse("assistant_staff:faq", args=[item.pk]),
        {"department": str(gomi.pk), "question": "x", "answer": ""},
    )
    assert response.status_code == 200 and "回答を入力してください" in response.content.decode()
    assert Faq.objects.get(pk=item.pk).question == "スプレー缶の捨て方"
    response = client.post(reverse("assistant_staff:synonyms"), {"terms": "スプレー缶、エアゾール缶"})
    assert response.status_code == 302 and SynonymGroup.objects.count() == 1
    other = Client()
    login_staff(other, outsider)
    assert other.get(reverse("assistant_staff:faq", args=[item.pk])).status_code == 404
    assert "スプレー缶の捨て方" not in other.get(reverse("assistant_staff:faqs")).content.decode()


def test_links_to_pages_and_life_events(gomi, editor):
    item = services.create_faq(
        by=editor,
        department=gomi,
        question="ごみの収集日",
        answer="ごみカレンダーで確かめられます。",
        links=[{"title": "ごみカレンダー", "url": "/gomi/calendar/"}],
        life_events=["tennyu"],
    )
    assert item.links == [{"title": "ごみカレンダー", "url": "/gomi/calendar/"}]
    with pytest.raises(ValidationError) as caught:
        services.update_faq(
            item, by=editor, changes={"links": [{"title": "x", "url": "javascript:alert(1)"}]}
        )
    assert "links" in caught.value.error_dict
    assert Faq.objects.get(pk=item.pk).links == [{"title": "ごみカレンダー", "url": "/gomi/calendar/"}]
