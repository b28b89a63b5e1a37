"""What the workstyle services record, as Event verbs (values never change, labels may)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    MEETING_SCHEDULED = "meeting_scheduled", _("会議を登録")
    MEETING_CHANGED = "meeting_changed", _("会議の記録を変更")
    MEETING_CANCELLED = "meeting_cancelled", _("会議を中止")
    DOCUMENT_ADDED = "pack_document_added", _("会議資料を追加")
    VERSION_ADDED = "pack_version_added", _("会議資料の新しい版を登録")
    PILOT_STARTED = "telework_pilot_started", _("テレワーク実証実験を登録")
    TELEWORK_RECORDED = "telework_day_recorded", _("テレワークの実施日を記録")
    SURVEY_ANSWERED = "telework_survey_answered", _("実証実験のアンケートに回答")
