"""What happens in privacy's retention, disclosure and review work, as Event verbs.

The values are the Event records' `verb` (the audit trail reads them): they never change, only
labels do. (The access alerts, audits and incidents' first verbs are plain strings; they stay as written.)
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    RETENTION_RULE_SET = "privacy.retention_rule_set", _("保存期間の設定")
    HOLD_PLACED = "privacy.hold_placed", _("リーガルホールドの設定")
    HOLD_RELEASED = "privacy.hold_released", _("リーガルホールドの解除")
    PURGE_STARTED = "privacy.purge_started", _("削除・匿名化の開始")
    PURGE_RESUMED = "privacy.purge_resumed", _("削除・匿名化の再開")
    PURGE_COMPLETED = "privacy.purge_completed", _("削除・匿名化の完了")
    QUARTER_SIGNED_OFF = "privacy.quarter_signed_off", _("四半期のアクセス点検の確認")
    KEY_ROTATION_STARTED = "privacy.key_rotation_started", _("暗号鍵の更新の開始")
    KEY_ROTATION_COMPLETED = "privacy.key_rotation_completed", _("暗号鍵の更新の完了")
    DISCLOSURE_ANSWERED = "privacy.disclosure_answered", _("開示請求への対応")
    FINDING_ADDED = "privacy.security_finding_added", _("監査の指摘事項の追加")
    INCIDENT_UPDATED = "privacy.incident_updated", _("インシデントの重要度・漏えい等の見直し")
