"""What happens at the counter, as the Event verbs the counter services write.

The values are the Event records' `verb` (process mining and the wait indicators read them):
they never change, only labels do.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    TICKET_ISSUED = "ticket_issued", _("整理券の発券")
    TICKET_CALLED = "ticket_called", _("呼出")
    TICKET_SERVING = "ticket_serving", _("対応開始")
    TICKET_TRANSFERRED = "ticket_transferred", _("引継ぎ")
    TICKET_COMPLETED = "ticket_completed", _("対応完了")
    TICKET_NO_SHOW = "ticket_no_show", _("不在")
    RESERVATION_BOOKED = "reservation_booked", _("来庁予約")
    RESERVATION_CHANGED = "reservation_changed", _("予約の変更")
    RESERVATION_CANCELLED = "reservation_cancelled", _("予約の取消")
    RESERVATION_REMINDED = "reservation_reminded", _("予約の前日のお知らせ")
    COUNTER_SESSION_STARTED = "counter_session_started", _("書かない窓口の開始")
    COUNTER_SESSION_CHECKING = "counter_session_checking", _("本人による確認へ")
    COUNTER_SESSION_CONFIRMED = "counter_session_confirmed", _("本人が確認して申請")
