"""What the assistant services record, as Event verbs (values never change, labels may)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    # --- conversation
    INQUIRY_RECEIVED = "assistant_inquiry_received", _("問合せを受付")
    INQUIRY_REPLIED = "assistant_inquiry_replied", _("問合せに回答")
    INQUIRY_CLOSED = "assistant_inquiry_closed", _("問合せを完了")
    CALLBACK_REQUESTED = "assistant_callback_requested", _("折返しの依頼を受付")
    CALLBACK_DONE = "assistant_callback_done", _("折返しの対応を記録")
    QUESTION_ADDED_TO_FAQ = "assistant_question_added_to_faq", _("答えられなかった質問をFAQの言い換えに追加")
    QUESTION_DISMISSED = "assistant_question_dismissed", _("答えられなかった質問を対象外に")
    QUESTIONS_CLUSTERED = "assistant_questions_clustered", _("答えられなかった質問を週ごとにまとめた")
    # --- knowledge (the FAQ helper adds its verbs below)
    FAQ_CREATED = "assistant_faq_created", _("FAQを作成")
    FAQ_CHANGED = "assistant_faq_changed", _("FAQを変更")
    FAQ_PUBLISHED = "assistant_faq_published", _("FAQを公開")
    FAQ_UNPUBLISHED = "assistant_faq_unpublished", _("FAQを非公開に")
    FAQ_REVIEWED = "assistant_faq_reviewed", _("FAQを見直した")
    VARIANT_ADDED = "assistant_faq_variant_added", _("FAQに言い換えを追加")
    VARIANT_REMOVED = "assistant_faq_variant_removed", _("FAQの言い換えを削除")
    SYNONYMS_SAVED = "assistant_synonyms_saved", _("同義語を保存")
    SYNONYMS_DELETED = "assistant_synonyms_deleted", _("同義語を削除")
