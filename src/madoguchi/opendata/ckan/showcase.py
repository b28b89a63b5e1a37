"""The read actions of ckanext-showcase (活用事例): `ckanext_showcase_list`, `ckanext_showcase_show`,
`ckanext_package_showcase_list` and `ckanext_showcase_package_list`. Only approved showcases
exist for the API; showcases are submitted and moderated on the site, so the write actions
(`ckanext_showcase_create` …) are not offered."""

from __future__ import annotations

import uuid

from django.db.models import Count, Q

from .. import services
from ..dictize import package_dict, showcase_dict
from ..models import Dataset, Showcase
from .common import MAX_ROWS, Invalid, NotFound, get_dataset, int_param, register, text_param


def _published_count():
    return Count("datasets", filter=Q(datasets__state=Dataset.State.PUBLISHED), distinct=True)


def _showcase(data: dict, key: str) -> Showcase:
    value = text_param(data, key) or (text_param(data, "name") if key == "id" else "")
    if not value:
        raise Invalid(f"Missing value: {key}", **{key: ["Missing value"]})
    try:
        pk = uuid.UUID(str(value))
    except ValueError:
        raise NotFound("Showcase not found") from None
    showcase = services.approved_showcases().filter(pk=pk).annotate(n=_published_count()).first()
    if showcase is None:
        raise NotFound("Showcase not found")
    return showcase


@register
def ckanext_showcase_list(data, context):
    """Every approved showcase (活用事例), newest first (`limit` and `offset` page it)."""
    limit = int_param(data, "limit", MAX_ROWS, maximum=MAX_ROWS)
    offset = int_param(data, "offset", 0)
    showcases = services.approved_showcases().annotate(n=_published_count())[offset : offset + limit]
    return [showcase_dict(s, context["base"], num_datasets=s.n) for s in showcases]


@register
def ckanext_showcase_show(data, context):
    """One approved showcase by `id`."""
    showcase = _showcase(data, "id")
    return showcase_dict(showcase, context["base"], num_datasets=showcase.n)


@register
def ckanext_package_showcase_list(data, context):
    """The approved showcases using the dataset `package_id` (its id or name)."""
    if not text_param(data, "package_id"):
        raise Invalid("Missing value: package_id", package_id=["Missing value"])
    dataset = get_dataset({"id": data["package_id"]}, user=context["user"])
    showcases = services.showcases_of(dataset).annotate(n=_published_count())
    return [showcase_dict(s, context["base"], num_datasets=s.n) for s in showcases]


@register
def ckanext_showcase_package_list(data, context):
    """The published datasets the approved showcase `showcase_id` uses."""
    showcase = _showcase(data, "showcase_id")
    datasets = (
        services.showcase_datasets(showcase).prefetch_related("tags", "groups", "resources").order_by("name")
    )
    return [package_dict(d, context["base"]) for d in datasets]
