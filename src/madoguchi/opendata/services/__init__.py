"""Open data operations: the only place that changes the catalog (and writes its Events).

Draft → review → published. Publishing is refused while a resource declared as a standard
dataset has validation errors; the errors are listed row by row in Japanese.

The app's public module: other apps use only the names in `__all__`. The sub-modules follow the
catalog's parts: datasets, resources, API tokens, conversions, data requests and collaborations
(`requests`), showcases (活用事例, `showcases`), usage counters (利用状況, `usage`), what they
share (`common`), and the retention of the submitters' and requesters' contact (保存期間,
`retention`, for privacy's purge).
"""

from __future__ import annotations

from . import retention
from .common import (
    InvalidTransition,
    PublishRefused,
    can_edit,
    can_publish,
    editable_organizations,
)
from .conversions import publish_conversion, start_conversion
from .datasets import (
    create_dataset,
    delete_dataset,
    publication_errors,
    publish,
    return_to_draft,
    submit_for_review,
    update_dataset,
)
from .facilities import Facility, public_facilities
from .finder import Spot, connection_spots, town_centres
from .requests import (
    answer_data_request,
    can_answer,
    follow_data_request,
    forward_data_request,
    record_collaboration,
    submit_data_request,
    unfollow_data_request,
)
from .resources import (
    add_resource,
    delete_resource,
    read_resource_table,
    update_resource,
    validate_resource,
)
from .showcases import (
    approve_showcase,
    approved_showcases,
    can_moderate,
    dataset_names,
    moderating_departments,
    reject_showcase,
    showcase_datasets,
    showcases_for_staff,
    showcases_of,
    submit_showcase,
)
from .tokens import issue_api_token, user_for_token
from .usage import (
    MonthUsage,
    monthly_usage,
    record_api_call,
    record_download,
    usage_csv_rows,
    usage_per_dataset,
    usage_totals,
)

__all__ = [
    # refusals
    "PublishRefused",
    "InvalidTransition",
    # who may
    "can_edit",
    "can_publish",
    "editable_organizations",
    # datasets
    "create_dataset",
    "update_dataset",
    "submit_for_review",
    "publication_errors",
    "publish",
    "return_to_draft",
    "delete_dataset",
    # resources
    "add_resource",
    "update_resource",
    "delete_resource",
    "validate_resource",
    "read_resource_table",
    "record_download",
    # API tokens
    "issue_api_token",
    "user_for_token",
    # conversion of statistics PDF / Excel
    "start_conversion",
    "publish_conversion",
    # the city's public facilities (公共施設一覧), as places for other apps
    "Facility",
    "public_facilities",
    # where to get online: Wi-Fi spots and internet terminals (1-エ)
    "Spot",
    "connection_spots",
    "town_centres",
    # data requests (データ公開の要望) and collaborations (連携・協働検討)
    "submit_data_request",
    "can_answer",
    "answer_data_request",
    "forward_data_request",
    "follow_data_request",
    "unfollow_data_request",
    "record_collaboration",
    # showcases (活用事例): submitted by anyone, moderated, shown on the datasets they use
    "submit_showcase",
    "dataset_names",
    "can_moderate",
    "moderating_departments",
    "approve_showcase",
    "reject_showcase",
    "approved_showcases",
    "showcases_of",
    "showcase_datasets",
    "showcases_for_staff",
    # usage (利用状況): downloads and API calls per dataset and month, counters only
    "record_api_call",
    "MonthUsage",
    "monthly_usage",
    "usage_totals",
    "usage_per_dataset",
    "usage_csv_rows",
    # retention (privacy's purge): showcase submitters' and data requesters' contact
    "retention",
]
