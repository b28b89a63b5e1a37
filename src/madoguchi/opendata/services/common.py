"""What every catalog operation shares: its refusals, who may edit or publish, and keeping a
dataset's 5-star level, stored package dict and search row current after a change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError

from madoguchi.core import access
from madoguchi.core.models import Department, User
from madoguchi.core.pagecache import bump

from .. import search, tables
from ..dictize import package_dict
from ..models import Dataset

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

State = Dataset.State
DATASTORE_LIMIT_ROWS = 200_000


class PublishRefused(ValidationError):
    """Publishing refused; `.errors` holds {resource, row, field, message} dicts."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__([e["message"] for e in errors], code="publish_refused")


class InvalidTransition(ValidationError):
    pass


# --- permissions --------------------------------------------------------------------------------


def can_edit(user: User | AnonymousUser | None, organization: Department) -> bool:
    """`user=None` is the system itself (demo loader, tasks)."""
    return user is None or access.can(user, access.DATASET_EDIT, organization)


def can_publish(user: User | AnonymousUser | None, organization: Department) -> bool:
    return user is None or access.can(user, access.DATASET_PUBLISH, organization)


def editable_organizations(user: User | AnonymousUser):
    return access.departments_where(user, access.DATASET_EDIT)


def ensure_edit(user: User | AnonymousUser | None, organization: Department) -> None:
    if not can_edit(user, organization):
        raise PermissionDenied(access.DATASET_EDIT.refusal)


# --- the index ---------------------------------------------------------------------------------


def refresh(dataset: Dataset) -> None:
    """Recompute the 5-star level, the stored package dict and the search row after a change."""
    resources = list(dataset.resources.all())
    validated = any(r.standard_type and r.validation.get("valid") for r in resources)
    dataset.stars = tables.five_stars(resources, validated_standard=validated)
    refresh_index(dataset)


def refresh_index(dataset: Dataset) -> None:
    """What package_search answers from: the stored package dict (kept like CKAN keeps its
    data_dict in Solr) and the search row, which exists only while the dataset is published."""
    dataset.search_doc = package_dict(dataset, "")
    Dataset.objects.filter(pk=dataset.pk).update(stars=dataset.stars, search_doc=dataset.search_doc)
    search.reindex(dataset)
    bump("opendata")  # the public listing and dataset pages show it at once
