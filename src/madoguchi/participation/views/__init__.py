"""Pages of 市民参加. Thin: parse, call a service, render. Everything works without JavaScript.

Residents' pages by subject (processes, proposals, comments, surveys, workshops, the opinion map,
indicators); the pages of the staff who run a process in `staff`.
"""

from .budgets import budget_detail, budget_paper, budget_phase, budget_publish, budget_review, budget_vote
from .comments import comment_post, comment_report
from .common import may_comment, verified_person
from .indicator_pages import indicators, indicators_csv
from .opinion import opinion_map, opinion_statement, opinion_vote
from .processes import follow, index, process_detail
from .proposals import proposal_detail, proposal_new, proposal_support, proposal_unsupport
from .results import my_proposals, result_detail, result_update
from .staff import (
    block,
    event_question_answer,
    moderate,
    moderate_proposal,
    moderate_statement,
    moderation,
    proposal_answer,
    set_phase,
    survey_paper,
    workshop_checkin,
    workshop_materials,
    workshop_minutes,
)
from .surveys import survey_detail, survey_results
from .votes import (
    argument_post,
    debate_close,
    debate_detail,
    debate_new,
    referendum_close,
    referendum_open,
    referendum_vote,
)
from .workshops import event_join, events_calendar, workshop_detail, workshop_material

__all__ = [
    "argument_post",
    "debate_close",
    "debate_detail",
    "debate_new",
    "referendum_close",
    "referendum_open",
    "referendum_vote",
    "budget_detail",
    "budget_paper",
    "budget_phase",
    "budget_publish",
    "budget_review",
    "budget_vote",
    "block",
    "comment_post",
    "comment_report",
    "event_join",
    "event_question_answer",
    "events_calendar",
    "follow",
    "index",
    "indicators",
    "indicators_csv",
    "may_comment",
    "moderate",
    "my_proposals",
    "result_detail",
    "result_update",
    "moderate_proposal",
    "moderate_statement",
    "moderation",
    "opinion_map",
    "opinion_statement",
    "opinion_vote",
    "process_detail",
    "proposal_answer",
    "proposal_detail",
    "proposal_new",
    "proposal_support",
    "proposal_unsupport",
    "set_phase",
    "survey_detail",
    "survey_paper",
    "survey_results",
    "verified_person",
    "workshop_detail",
    "workshop_checkin",
    "workshop_material",
    "workshop_materials",
    "workshop_minutes",
]
