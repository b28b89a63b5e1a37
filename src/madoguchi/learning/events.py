"""What happens in 研修・講習会, as the Event verbs the learning services write.

The values are the Event records' `verb` (process mining and the audit trail read them): they never
change, only labels do.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    # staff training
    COURSE_CREATED = "learning.course_created", _("研修コースの作成")
    LESSON_REVISED = "learning.lesson_revised", _("教材の改訂")
    COURSE_ASSIGNED = "learning.course_assigned", _("受講の割当て")
    ATTEMPT_STARTED = "learning.attempt_started", _("確認テストの開始")
    ATTEMPT_SUBMITTED = "learning.attempt_submitted", _("確認テストの提出")
    COURSE_COMPLETED = "learning.course_completed", _("研修の修了")
    REMINDED = "learning.reminded", _("受講の督促")
    # citizen classes
    CLASS_SCHEDULED = "learning.class_scheduled", _("講習会の登録")
    CLASS_CANCELLED = "learning.class_cancelled", _("講習会の中止")
    REGISTERED = "learning.registered", _("講習会の申込")
    REGISTRATION_CANCELLED = "learning.registration_cancelled", _("講習会の申込の取消し")
    WAITLIST_PROMOTED = "learning.waitlist_promoted", _("キャンセル待ちからの繰上げ")
    ATTENDANCE_RECORDED = "learning.attendance_recorded", _("出欠の記録")
    SURVEY_ANSWERED = "learning.survey_answered", _("アンケートの回答")
    # support
    SUPPORTER_REGISTERED = "learning.supporter_registered", _("デジタルサポーターの登録")
    SHIFT_ADDED = "learning.shift_added", _("サポーターの担当の登録")
    MEASURE_RECORDED = "learning.measure_recorded", _("負担軽減施策の記録")
