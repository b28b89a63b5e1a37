"""What happens to an application, as the Event verbs the applications services write.

The values are the Event records' `verb` (pdca counts "submitted" Events; process mining reads
the rest): they never change, only labels do.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    SUBMITTED = "submitted", _("受付")
    SIGNATURE_VERIFIED = "signature_verified", _("電子署名を確認")
    SIGNATURE_INVALID = "signature_invalid", _("電子署名を確認できず")
    REVIEW_STARTED = "review_started", _("審査開始")
    CORRECTION_REQUESTED = "correction_requested", _("補正依頼")
    RESUBMITTED = "resubmitted", _("再提出")
    APPROVED = "approved", _("承認")
    REJECTED = "rejected", _("却下")
    COMPLETED = "completed", _("完了")
    WITHDRAWN = "withdrawn", _("取下げ")
    ASSIGNED = "assigned", _("担当者の割当て")
    NOTE_ADDED = "note_added", _("内部メモ")
    ATTACHMENT_ADDED = "attachment_added", _("書類の追加")
    ATTACHMENT_REMOVED = "attachment_removed", _("書類の削除")
    PUSH_INVITED = "push_invited", _("プッシュ型案内")


# 審査・補正依頼: who did these may not decide a two-person procedure's case.
EXAMINING_VERBS = (Verb.REVIEW_STARTED, Verb.CORRECTION_REQUESTED)
