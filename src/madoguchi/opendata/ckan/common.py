"""What every action shares: its errors (each with CKAN's `__type` and HTTP status), reading its
parameters (refusing a wrong shape with a 400/409 instead of a 500), finding the dataset, resource
or organization it names, and the registry of actions."""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.utils.translation import gettext as _

from madoguchi.core import jsonsafe
from madoguchi.core.models import Department

from .. import queries
from ..dictize import org_id
from ..models import Dataset, Resource

MAX_ROWS = 1000
MAX_INTEGER = 2**31 - 1  # far beyond any catalog; larger OFFSETs overflow the database's integers
SCALARS = (str, int, float, bool, type(None))

# name → function(data, context); filled by @register in get, create, update and delete
ACTIONS: dict = {}
WRITE_ACTIONS: set[str] = set()


def register(function):
    """An action of the API under its function's name; a *_create/_update/_patch/_delete one
    writes (POST only, a staff token, one transaction)."""
    ACTIONS[function.__name__] = function
    if function.__name__.endswith(("_create", "_update", "_patch", "_delete")):
        WRITE_ACTIONS.add(function.__name__)
    return function


class RawJSON:
    """JSON text to put into the answer as it is (a stored package dict): the endpoint splices it
    in instead of decoding and encoding it again, which at rows=1000 is most of package_search's
    time."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


# --- errors -----------------------------------------------------------------------------------


class ActionError(Exception):
    status = 400
    kind = "Validation Error"

    def __init__(self, message, **extra):
        super().__init__(message)
        self.message = message
        self.extra = extra


class NotFound(ActionError):
    status, kind = 404, "Not Found Error"


class NotAuthorized(ActionError):
    status, kind = 403, "Authorization Error"


class Invalid(ActionError):
    status, kind = 409, "Validation Error"


class SearchError(ActionError):
    status, kind = 409, "Search Query Error"


# --- parameters -------------------------------------------------------------------------------


def int_param(data: dict, key: str, default: int, *, maximum: int | None = None) -> int:
    value = data.get(key, default)
    try:
        value = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ActionError(f"{key}: Invalid integer", **{key: ["Invalid integer"]}) from None
    if value < 0:
        raise ActionError(f"{key}: Must be a natural number", **{key: ["Must be a natural number"]})
    if maximum:
        return min(value, maximum)
    if value > MAX_INTEGER:
        message = _("%(key)s は %(max)d 以下の整数で指定してください。") % {"key": key, "max": MAX_INTEGER}
        raise ActionError(message, **{key: [message]})
    return value


def wrong(key: str, message: str) -> ActionError:
    return ActionError(message, **{key: [message]})


def text_param(data: dict, key: str, default: str | None = "") -> str | None:
    """One text value; a list (a repeated query parameter) or an object is refused."""
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, list | dict):
        raise wrong(key, _("%(key)s は文字列で1つだけ指定してください。") % {"key": key})
    return str(value)


def texts_param(data: dict, key: str) -> list[str]:
    """A list of texts: a JSON list, a JSON list in a string, comma-separated or repeated."""
    values = list_param(data.get(key))
    if not isinstance(values, list) or not all(isinstance(v, SCALARS) and v is not None for v in values):
        raise wrong(key, _("%(key)s は文字列のリストで指定してください。") % {"key": key})
    return [str(v) for v in values]


def bool_param(value) -> bool:
    return str(value).lower() in {"true", "1", "yes", "on"}


def list_param(value) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.startswith("["):
        try:
            return jsonsafe.loads(value)
        except ValueError:
            pass
    return [v for v in str(value).split(",") if v]


# --- what an action names ----------------------------------------------------------------------


def get_dataset(data: dict, *, user=None) -> Dataset:
    key = text_param(data, "id") or text_param(data, "name_or_id") or text_param(data, "name")
    if not key:
        raise Invalid("Missing value: id", id=["Missing value"])
    qs = queries.visible_datasets(user).exclude(state=Dataset.State.DELETED)
    try:
        uuid.UUID(str(key))
        dataset = qs.filter(Q(pk=key) | Q(name=key)).first()
    except ValueError:
        dataset = qs.filter(name=key).first()
    if dataset is None:
        raise NotFound("Not found")
    return dataset


def get_resource(data: dict, key: str = "id", *, user=None) -> Resource:
    value = text_param(data, key)
    if not value:
        raise Invalid(f"Missing value: {key}", **{key: ["Missing value"]})
    try:
        uuid.UUID(str(value))
    except ValueError:
        raise NotFound("Resource was not found.") from None
    resource = (
        Resource.objects.select_related("dataset", "dataset__organization")
        .filter(pk=value, dataset__in=queries.visible_datasets(user))
        .first()
    )
    if resource is None:
        raise NotFound("Resource was not found.")
    return resource


def get_organization(key: str) -> Department:
    if not key:
        raise Invalid("Missing value: id", id=["Missing value"])
    for department in Department.objects.all():
        if key in {department.code, org_id(department), str(department.pk)}:
            return department
    raise NotFound("Organization not found")


def require_user(context):
    if context["user"] is None:
        raise NotAuthorized("Action requires an API token (Authorization header) of a staff member.")
    return context["user"]
