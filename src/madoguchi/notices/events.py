"""What the notices services record, as Event verbs (values never change, labels may)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    PREFERENCE_SET = "notices_preference_set", _("連絡方法の希望を登録")
    LINE_LINKED = "notices_line_linked", _("LINEを連携")
    LINE_UNLINKED = "notices_line_unlinked", _("LINEの連携が解除された（ブロック）")
    DELIVERY_FAILED = "notices_delivery_failed", _("通知が届かなかった")
    FELL_BACK = "notices_fell_back", _("届かなかった通知を次の連絡方法で送信")
    RECEIPT = "notices_receipt", _("配達の確認を受信")
    LETTER_BATCH_BUILT = "notices_letter_batch_built", _("郵送通知の印刷分を作成")
