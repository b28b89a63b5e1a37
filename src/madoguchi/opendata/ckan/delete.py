"""Delete actions (like CKAN's `logic/action/delete.py`): a dataset is marked deleted (kept for its
history), a resource is removed. Each is one transaction."""

from __future__ import annotations

from django.db import transaction

from .. import services
from .common import get_dataset, get_resource, register, require_user
from .write import guard


@register
@transaction.atomic
def package_delete(data, context):
    user = require_user(context)
    dataset = get_dataset(data, user=user)
    guard(lambda: services.delete_dataset(dataset, by=user))
    return None


@register
@transaction.atomic
def resource_delete(data, context):
    user = require_user(context)
    resource = get_resource(data, user=user)
    guard(lambda: services.delete_resource(resource, by=user))
    return None
