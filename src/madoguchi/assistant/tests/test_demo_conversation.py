"""The demo conversation loader: questions logged masked, an inquiry and a callback in 市民課."""

import pytest

from madoguchi.assistant.demo_conversation import LOADER
from madoguchi.assistant.models import CallbackRequest, Inquiry, QuestionLog
from madoguchi.core.tests.factories import DepartmentFactory

from .factories_knowledge import faq

pytestmark = pytest.mark.django_db


def test_the_demo_logs_questions_and_hand_offs_once():
    shimin = DepartmentFactory(code="shimin", name="市民課")
    faq("juminhyo", question="住民票の写しを取りたい", department=shimin)
    said = []
    LOADER.load(said.append)
    assert QuestionLog.objects.count() == 36
    assert not QuestionLog.objects.filter(text__contains="5678").exists()
    assert Inquiry.objects.get().department == shimin
    assert CallbackRequest.objects.get().department == shimin
    LOADER.load(said.append)  # a second run adds nothing
    assert QuestionLog.objects.count() == 36
