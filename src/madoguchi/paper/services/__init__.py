"""The public module of paper (紙の申請書の読取り, AI-OCR, plan 2-イ): other apps use paper only
through this (and hooks/signals).

templates     printable forms generated from a procedure version, the city's own forms with zones
              drawn by staff, retirement
batches       scan intake: upload (limits checked first), the Celery task reading page by page,
              resume after a dead worker, progress
verification  the queue (lowest confidence first), corrections, the two-person My Number check,
              accept → one Application (channel=paper) with the scan attached
retention     保存期間: scans past the register's rule, for the privacy purge
"""

from ..events import Verb
from ..models import FieldReading, FormTemplate, PaperForm, ScanBatch, ScanPage
from . import retention
from .batches import (
    access_batch,
    access_page,
    batches_for,
    check_upload,
    count_pages,
    is_stuck,
    max_bytes,
    max_pages,
    page_issues,
    resume_batch,
    resume_stuck_batches,
    run_batch,
    stuck_batches,
    upload_batch,
)
from .people import applicant_for
from .templates import (
    access_template,
    add_zone,
    draw_template,
    generate_template,
    printable_pdf,
    procedures_for_templates,
    public_form,
    public_form_url,
    remove_zone,
    retire_template,
    template_layout,
    template_preview,
    templates_for,
    zone_keys,
)
from .verification import (
    accept_form,
    access_form,
    access_reading,
    form_data,
    forms_for,
    may_see,
    queue_of,
    second_check,
    verify_field,
)

__all__ = [
    "retention",
    # vocabulary
    "Verb",
    "FormTemplate",
    "ScanBatch",
    "ScanPage",
    "PaperForm",
    "FieldReading",
    # templates
    "templates_for",
    "access_template",
    "procedures_for_templates",
    "generate_template",
    "draw_template",
    "add_zone",
    "remove_zone",
    "retire_template",
    "template_layout",
    "template_preview",
    "zone_keys",
    "printable_pdf",
    "public_form",
    "public_form_url",
    # batches
    "batches_for",
    "access_batch",
    "access_page",
    "max_bytes",
    "max_pages",
    "count_pages",
    "check_upload",
    "upload_batch",
    "run_batch",
    "stuck_batches",
    "is_stuck",
    "resume_batch",
    "resume_stuck_batches",
    "page_issues",
    # verification
    "forms_for",
    "access_form",
    "access_reading",
    "queue_of",
    "may_see",
    "verify_field",
    "second_check",
    "form_data",
    "accept_form",
    "applicant_for",
]
