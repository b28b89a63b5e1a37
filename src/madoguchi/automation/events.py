"""What the automation services record, as Event verbs (values never change, labels may)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    INVENTORY_TAKEN = "procedure_inventoried", _("手続を棚卸しに登録")
    REQUIREMENT_DECIDED = "requirement_decided", _("見直しの方針を決定")
    TOOL_REGISTERED = "tool_registered", _("デジタルツールを登録")
    TOOL_RETIRED = "tool_retired", _("デジタルツールの利用を終了")
    PILOT_STARTED = "pilot_started", _("実証実験を開始")
    PILOT_CONCLUDED = "pilot_concluded", _("実証実験の結果を記録")
    STAGE_DONE = "migration_stage_done", _("作業工程の完了を記録")
    SYNTHETIC_LOG_MADE = "synthetic_log_made", _("合成イベントログを作成")
    RULE_SAVED = "rule_saved", _("自動処理ルールを保存")
    RULE_PAUSED = "rule_paused", _("自動処理ルールを停止")
    RULE_RESUMED = "rule_resumed", _("自動処理ルールを再開")
    RULE_APPLIED = "rule_applied", _("自動処理ルールによる処理")
