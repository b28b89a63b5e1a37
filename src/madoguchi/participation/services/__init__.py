"""市民参加の操作: the only place that changes participation state, and the app's public module.

Every act of taking part writes a Participation row (channel, age band, district, 年度 — for the
plan's indicators) and a core Event with its channel, in one transaction. Other apps use only the
names in `__all__`; the sub-modules follow the banners of the domain (who takes part, processes,
proposals, moderation, surveys, workshops, the opinion map).
"""

from __future__ import annotations

from . import retention
from .base import (
    AlreadyDone,
    Blocked,
    NotAllowed,
    ParticipationError,
    RateLimited,
    age_band_for,
    check_rate,
    district_for,
    ensure_not_blocked,
    managed_processes,
    may_manage,
    moderatable_users,
    participant_key,
)
from .briefings import (
    CHECKIN_SALT,
    ModeAttendance,
    add_material,
    answer_question,
    ask_question,
    attendance,
    check_in,
    checkin_qr_svg,
    checkin_token,
    has_checkin_code,
    public_questions,
    record_join,
    remove_material,
    send_event_reminders,
)
from .budgets import (
    COUNT_METHODS,
    Count,
    ballot_projects,
    cast_ballot,
    count_ballots,
    count_method_text,
    enter_paper_ballot,
    has_voted,
    publish_budget_results,
    published_count,
    review_project,
    set_budget_phase,
)
from .moderation import (
    block_user,
    dismiss_reports,
    moderate_comment,
    moderate_proposal,
    moderate_statement,
    moderation_queue,
    post_comment,
    report_comment,
    unblock_user,
)
from .opinion_map import add_statement, my_votes, vote_statement
from .processes import follow_process, send_digests, set_phase, unfollow_process
from .proposals import answer_proposal, has_supported, submit_proposal, support_proposal, withdraw_support
from .results import MyProposal, my_proposals, update_result
from .surveys import SurveyResults, answer_survey, enter_paper_answer, has_answered, survey_results
from .votes import (
    add_argument,
    cast_referendum_vote,
    close_debate,
    close_referendum,
    has_voted_on,
    open_debate,
    open_referendum,
)
from .workshops import (
    LINK_REVEAL_BEFORE,
    cancel_registration,
    current_registration,
    events_ics,
    join_url,
    link_reveal_at,
    meeting_link,
    public_events,
    publish_minutes,
    register_for_workshop,
    workshop_seats,
)

__all__ = [
    "retention",
    # refusals
    "ParticipationError",
    "NotAllowed",
    "AlreadyDone",
    "RateLimited",
    "Blocked",
    # who takes part, who runs a process
    "participant_key",
    "age_band_for",
    "district_for",
    "check_rate",
    "ensure_not_blocked",
    "may_manage",
    "managed_processes",
    "moderatable_users",
    # processes
    "set_phase",
    "follow_process",
    "unfollow_process",
    "send_digests",
    # proposals
    "submit_proposal",
    "support_proposal",
    "withdraw_support",
    "has_supported",
    "answer_proposal",
    # comments and moderation
    "post_comment",
    "report_comment",
    "moderate_comment",
    "dismiss_reports",
    "moderate_statement",
    "moderate_proposal",
    "block_user",
    "unblock_user",
    "moderation_queue",
    # surveys
    "answer_survey",
    "has_answered",
    "enter_paper_answer",
    "survey_results",
    "SurveyResults",
    # workshops
    "register_for_workshop",
    "cancel_registration",
    "publish_minutes",
    "current_registration",
    "workshop_seats",
    "LINK_REVEAL_BEFORE",
    "link_reveal_at",
    "meeting_link",
    "public_events",
    "events_ics",
    "join_url",
    # briefings and events: materials, questions in advance, attendance, reminders
    "add_material",
    "remove_material",
    "ask_question",
    "answer_question",
    "public_questions",
    "CHECKIN_SALT",
    "checkin_token",
    "checkin_qr_svg",
    "has_checkin_code",
    "check_in",
    "record_join",
    "attendance",
    "ModeAttendance",
    "send_event_reminders",
    # participatory budgeting
    "set_budget_phase",
    "review_project",
    "ballot_projects",
    "cast_ballot",
    "has_voted",
    "enter_paper_ballot",
    "count_ballots",
    "Count",
    "publish_budget_results",
    "published_count",
    "count_method_text",
    "COUNT_METHODS",
    # accountability
    "update_result",
    "my_proposals",
    "MyProposal",
    # votes on proposals and debates
    "open_referendum",
    "cast_referendum_vote",
    "has_voted_on",
    "close_referendum",
    "open_debate",
    "close_debate",
    "add_argument",
    # opinion map
    "vote_statement",
    "add_statement",
    "my_votes",
]
