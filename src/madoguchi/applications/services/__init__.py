"""Application services: the only code that changes an application's state, and the public entry
point of the applications app (`__all__`: what other apps may use).

Each function is one thing the city does: permission check → state change → Event →
notification, in one transaction; the `application_state_changed` signal and messages go out
after commit. Every submission on every channel writes exactly one "submitted" Event (the PDCA
module computes the online share from them).

    cases       who may see and act on a case; audited reads by staff; reads for other apps
    drafts      the resident's draft: prefill, save and resume, attachments
    submission  受付 on every channel, the resident's send (submit or resubmit)
    workflow    審査, 補正依頼, 再提出, 決裁, 完了, 取下げ, assignment, notes, My Number reveal
    queue       the staff work queue: open, due soon and overdue cases per procedure
    retention   保存期間: what is past a cutoff and its removal (the privacy purge calls it)
"""

from ..events import EXAMINING_VERBS, Verb
from ..models import OPEN_STATES, State
from . import retention
from .cases import (
    access_case,
    applicants_in,
    application_states,
    can_view,
    case_departments,
    ensure_department_access,
    ensure_owner,
    export_cases,
    get_application,
    is_approved,
    is_draft,
    is_owner,
    is_withdrawn_or_rejected,
    open_attachment,
    open_case,
    received_counts,
)
from .common import needed_attachments, next_receipt_number
from .drafts import (
    EDITABLE_STATES,
    application_attachments,
    full_data,
    missing_required_attachments,
    open_draft,
    pages_of,
    prefill_from_person,
    prefilled_paths,
    remove_attachment,
    save_draft,
    save_step,
    start_application,
    store_attachment,
)
from .queue import DUE_STATES, QueueRow, due_filter, work_queue
from .submission import register_paper_application, send_application, submit_application, submit_draft
from .workflow import (
    TRANSITION_SERVICES,
    add_note,
    approve,
    assign,
    bulk_transition,
    complete,
    ensure_may_decide,
    reject,
    request_correction,
    resubmit,
    reveal_my_numbers,
    start_review,
    withdraw,
)

__all__ = [
    # vocabulary
    "Verb",
    "EXAMINING_VERBS",
    "State",
    "OPEN_STATES",
    "EDITABLE_STATES",
    # access and audited reads
    "access_case",
    "can_view",
    "case_departments",
    "ensure_department_access",
    "ensure_owner",
    "is_owner",
    "open_case",
    "open_attachment",
    "export_cases",
    # reads for other apps
    "get_application",
    "applicants_in",
    "is_draft",
    "is_approved",
    "is_withdrawn_or_rejected",
    "application_states",
    "received_counts",
    # the work queue (staff home, inbox)
    "DUE_STATES",
    "QueueRow",
    "due_filter",
    "work_queue",
    # drafts
    "prefill_from_person",
    "prefilled_paths",
    "start_application",
    "open_draft",
    "pages_of",
    "save_draft",
    "save_step",
    "full_data",
    "missing_required_attachments",
    "application_attachments",
    "needed_attachments",
    "store_attachment",
    "remove_attachment",
    # submission
    "next_receipt_number",
    "submit_application",
    "submit_draft",
    "send_application",
    "register_paper_application",
    # workflow
    "TRANSITION_SERVICES",
    "start_review",
    "request_correction",
    "resubmit",
    "ensure_may_decide",
    "approve",
    "reject",
    "complete",
    "withdraw",
    "assign",
    "add_note",
    "reveal_my_numbers",
    "bulk_transition",
    # retention (privacy's purge)
    "retention",
]
