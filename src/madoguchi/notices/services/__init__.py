"""Domain operations of the notices app (通知): the only module other apps call.

Other apps do not call this to send: they call `core.notifications.notify`, and the router and
channels registered here choose the resident's channel, fall back and print letters. `retention`
(保存期間): the letters past the register's rule, for the privacy purge."""

from . import retention
from .deliveries import fall_back, shown_status, take_line_events, take_sms_receipt
from .letters import build_batch, build_batch_as, layout, queue_letter
from .preferences import channels_for, line_link_code, reachable, set_preference

__all__ = [
    "build_batch",
    "build_batch_as",
    "channels_for",
    "fall_back",
    "layout",
    "line_link_code",
    "queue_letter",
    "reachable",
    "retention",
    "set_preference",
    "shown_status",
    "take_line_events",
    "take_sms_receipt",
]
