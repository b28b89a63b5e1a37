"""What the paper services record, as Event verbs (values never change, labels may)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    TEMPLATE_GENERATED = "paper_template_generated", _("紙の様式を作成")
    TEMPLATE_DRAWN = "paper_template_drawn", _("市の様式の読取り位置を登録")
    TEMPLATE_RETIRED = "paper_template_retired", _("紙の様式を廃止")
    BATCH_UPLOADED = "paper_batch_uploaded", _("スキャンを取込み")
    BATCH_STARTED = "paper_batch_started", _("スキャンの読取りを開始")
    BATCH_DONE = "paper_batch_done", _("スキャンの読取りが完了")
    BATCH_FAILED = "paper_batch_failed", _("スキャンの読取りに失敗")
    BATCH_RESUMED = "paper_batch_resumed", _("止まった読取りを再開")
    PAGE_SET_ASIDE = "paper_page_set_aside", _("読み取れないページを除外")
    FIELD_ACCEPTED = "paper_field_accepted", _("読取り結果をそのまま確認")
    FIELD_CORRECTED = "paper_field_corrected", _("読取り結果を訂正")
    FIELD_AWAITING_SECOND = "paper_field_awaiting_second", _("個人番号を確認（2人目の確認待ち）")
    PAGE_VERIFIED = "paper_page_verified", _("ページの全項目を確認")
    FORM_ACCEPTED = "paper_form_accepted", _("紙の申請書を受理（申請を登録）")
