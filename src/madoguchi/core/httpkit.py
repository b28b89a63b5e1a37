"""Small HTTP helpers shared by the apps' views."""

import re

from django.core.exceptions import BadRequest
from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1  # BigAutoField: a longer number cannot be any row's id (and overflows the query)


class BadInput(BadRequest):
    """A request parameter no page of ours would send: a 400 whose page shows this message
    (core.views.bad_request). Raise it before anything is changed."""


def unless_post(request):
    """None for a POST, else 405. Call it after the view's access check: a GET on someone else's
    object must be refused like a POST (403/404), so only its own people learn the method is wrong."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def id_param(value: str | None) -> int | None:
    """A row id from a query or form parameter: None when absent or empty, BadInput (a 400) when
    it is not a whole number a database id can be (the ORM would raise a 500 on "abc")."""
    if value is None or value == "":
        return None
    if not re.fullmatch(r"[0-9]{1,19}", value) or int(value) > MAX_ID:
        raise BadInput(
            _("指定が正しくありません（%(value)s）。一覧から選び直してください。") % {"value": value[:40]}
        )
    return int(value)


def error_text(exc: Exception) -> str:
    """One line for the person in front of the screen from a ValidationError (all its messages,
    field errors included), a PermissionDenied or a BadRequest: what a view puts in `messages.error`."""
    messages = getattr(exc, "messages", None)
    if messages is None:
        return str(exc)
    return " ".join(str(message) for message in messages)


def errors_onto(form, exc: Exception) -> None:
    """A service's refusal onto the form that asked for it: a field's ValidationError beside that
    field, the rest (other keys, a plain ValidationError, a PermissionDenied) at the top of the form,
    so the error summary lists each message once."""
    for field, errors in getattr(exc, "error_dict", {}).items():
        form.add_error(field if field in form.fields else None, errors)
    if not hasattr(exc, "error_dict"):
        form.add_error(None, error_text(exc))
