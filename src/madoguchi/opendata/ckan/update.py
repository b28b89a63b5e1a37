"""Update actions (like CKAN's `logic/action/update.py`; `package_patch` changes only what it is
given). Each is one transaction: a refusal half-way keeps nothing of the call."""

from __future__ import annotations

from django.db import transaction

from .. import services
from ..dictize import package_dict, resource_dict
from ..models import Resource
from .common import get_dataset, get_organization, get_resource, register, require_user, text_param
from .write import (
    add_listed_resources,
    apply_state,
    dataset_fields,
    ensure_may_change_state,
    fits,
    guard,
    labels_of,
    upload_of,
)


@register
@transaction.atomic
def package_update(data, context, *, patch: bool = False):
    user = require_user(context)
    dataset = get_dataset(data, user=user)
    tags, groups = labels_of(data)
    fields = dataset_fields(data)
    organization = get_organization(str(data["owner_org"])) if data.get("owner_org") else None
    ensure_may_change_state(user, dataset.organization, dataset.state, data)
    guard(
        lambda: services.update_dataset(
            dataset, by=user, tags=tags, groups=groups, organization=organization, **fields
        )
    )
    if not patch and data.get("resources") is not None:
        keep = {str(r.get("id")) for r in data["resources"] if r.get("id")}
        for resource in list(dataset.resources.all()):
            if str(resource.id) not in keep:
                guard(lambda resource=resource: services.delete_resource(resource, by=user))
        add_listed_resources(dataset, data["resources"], user)
    apply_state(dataset, data, user)
    dataset.refresh_from_db()
    return package_dict(dataset, context["base"])


@register
@transaction.atomic
def package_patch(data, context):
    return package_update(data, context, patch=True)


@register
@transaction.atomic
def resource_update(data, context):
    user = require_user(context)
    resource = get_resource(data, user=user)
    content, filename = upload_of(context)
    fields = {
        k: text_param(data, k, None)
        for k in ("name", "description", "url", "format", "standard_type")
        if k in data
    }
    fits(Resource, fields)
    resource = guard(
        lambda: services.update_resource(resource, by=user, content=content, filename=filename, **fields)
    )
    return resource_dict(resource, context["base"])
