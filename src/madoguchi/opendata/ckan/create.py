"""Create actions (like CKAN's `logic/action/create.py`). Each is one transaction: a refusal half-way
(a resource without a file or URL, publishing refused by validation) keeps nothing."""

from __future__ import annotations

import base64
import binascii

from django.db import transaction

from .. import services
from ..dictize import package_dict, resource_dict
from ..models import Dataset, Resource
from .common import Invalid, get_dataset, get_organization, register, require_user, text_param
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
def package_create(data, context):
    user = require_user(context)
    organization = get_organization(str(data.get("owner_org", "")))
    tags, groups = labels_of(data)
    fields = dataset_fields(data)
    ensure_may_change_state(user, organization, Dataset.State.DRAFT, data)
    dataset = guard(
        lambda: services.create_dataset(
            by=user,
            organization=organization,
            name=text_param(data, "name"),
            tags=tags,
            groups=groups,
            **{"title": "", **fields},
        )
    )
    add_listed_resources(dataset, data.get("resources") or [], user)
    apply_state(dataset, data, user)
    dataset.refresh_from_db()
    return package_dict(dataset, context["base"])


@register
@transaction.atomic
def resource_create(data, context):
    user = require_user(context)
    dataset = get_dataset({"id": data.get("package_id")}, user=user)
    content, filename = upload_of(context)
    if content is None and data.get("upload_base64"):
        try:
            content = base64.b64decode(text_param(data, "upload_base64"))
        except (binascii.Error, ValueError):
            raise Invalid("upload_base64: not base64") from None
        filename = text_param(data, "filename", "upload.csv")
    fits(
        Resource, {k: text_param(data, k) for k in ("name", "url", "format", "description", "standard_type")}
    )
    resource = guard(
        lambda: services.add_resource(
            dataset,
            by=user,
            name=text_param(data, "name"),
            content=content,
            filename=filename,
            url=text_param(data, "url") if content is None else "",
            format=text_param(data, "format"),
            description=text_param(data, "description"),
            standard_type=text_param(data, "standard_type", None),
        )
    )
    return resource_dict(resource, context["base"])
