"""What happens in 市民参加, as the Event verbs the participation services write.

The values are the Event records' `verb` (process mining and the audit trail read them): they never
change, only labels do. Taking part (`PROPOSAL` … `OPINION`) is `participation.<Participation.Kind>`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    # taking part: one per Participation row, named after its kind
    PROPOSAL = "participation.proposal", _("提案")
    SUPPORT = "participation.support", _("賛同")
    COMMENT = "participation.comment", _("コメント")
    SURVEY = "participation.survey", _("アンケート回答")
    WORKSHOP = "participation.workshop", _("ワークショップ参加")
    OPINION = "participation.opinion", _("みんなの意見への投票")
    BALLOT = "participation.ballot", _("予算案への投票")
    REFERENDUM = "participation.referendum", _("提案への投票")
    ARGUMENT = "participation.argument", _("議論への意見")
    # running a process
    PHASE_CHANGED = "participation.phase_changed", _("段階の変更")
    SUPPORT_WITHDRAWN = "participation.support_withdrawn", _("賛同の取消し")
    PROPOSAL_ANSWERED = "participation.proposal_answered", _("市の回答")
    MINUTES_PUBLISHED = "participation.minutes_published", _("記録の公開")
    REGISTRATION_CANCELLED = "participation.registration_cancelled", _("参加申込の取消し")
    # briefings and events: materials, questions in advance, attendance, reminders
    MATERIAL_ADDED = "participation.material_added", _("説明会の資料の追加")
    MATERIAL_REMOVED = "participation.material_removed", _("説明会の資料の削除")
    QUESTION_ASKED = "participation.question_asked", _("事前質問")
    QUESTION_ANSWERED = "participation.question_answered", _("事前質問への回答")
    CHECKED_IN = "participation.checked_in", _("会場の受付")
    JOINED_ONLINE = "participation.joined_online", _("オンラインでの参加")
    REMINDER_SENT = "participation.reminder_sent", _("前日のお知らせ")
    STATEMENT_ADDED = "participation.statement_added", _("意見の追加")
    # participatory budgeting, accountability, votes and debates
    BUDGET_PHASE_CHANGED = "participation.budget_phase_changed", _("参加型予算の段階の変更")
    PROJECT_REVIEWED = "participation.project_reviewed", _("事業の技術的な検討")
    PAPER_BALLOT_ENTERED = "participation.paper_ballot_entered", _("紙の投票用紙の登録")
    BUDGET_RESULTS_PUBLISHED = "participation.budget_results_published", _("参加型予算の結果の公表")
    RESULT_UPDATED = "participation.result_updated", _("実施状況の更新")
    REFERENDUM_OPENED = "participation.referendum_opened", _("提案への投票の開始")
    REFERENDUM_CLOSED = "participation.referendum_closed", _("提案への投票の締切り")
    DEBATE_OPENED = "participation.debate_opened", _("議論の開始")
    DEBATE_CLOSED = "participation.debate_closed", _("議論のまとめ")
    # moderation
    COMMENT_REPORTED = "participation.comment_reported", _("コメントの通報")
    COMMENT_HIDE = "participation.comment_hide", _("コメントの非表示")
    COMMENT_APPROVE = "participation.comment_approve", _("コメントの承認")
    COMMENT_RESTORE = "participation.comment_restore", _("コメントの再表示")
    REPORTS_DISMISSED = "participation.reports_dismissed", _("通報の却下")
    PROPOSAL_APPROVED = "participation.proposal_approved", _("提案の承認")
    PROPOSAL_HIDDEN = "participation.proposal_hidden", _("提案の非表示")
    STATEMENT_APPROVED = "participation.statement_approved", _("意見の承認")
    STATEMENT_HIDDEN = "participation.statement_hidden", _("意見の非表示")
    USER_BLOCKED = "participation.user_blocked", _("投稿停止")
    USER_UNBLOCKED = "participation.user_unblocked", _("投稿停止の解除")


# moderate_comment's actions and the verb each writes
COMMENT_MODERATION = {
    "hide": Verb.COMMENT_HIDE,
    "approve": Verb.COMMENT_APPROVE,
    "restore": Verb.COMMENT_RESTORE,
}


def taking_part(kind: str) -> Verb:
    """The verb of one act of taking part (a Participation.Kind value)."""
    return Verb(f"participation.{kind}")
