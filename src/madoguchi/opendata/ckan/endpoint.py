"""The HTTP side: /api/3/action/<name> (and /api/action/<name>) reads the parameters, finds the
caller's token and answers in CKAN's envelope."""

from __future__ import annotations

import json
import re
import secrets

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from madoguchi.core import jsonsafe

from .. import services
from .common import ACTIONS, WRITE_ACTIONS, ActionError, NotAuthorized, RawJSON


def _answer(envelope: dict) -> HttpResponse:
    """The envelope as JSON, with each RawJSON in it spliced in as it is: it is encoded as a marker
    string (a per-answer nonce between NULs, which no text of a request or of the catalog holds),
    then one pass swaps every marker for its text."""
    raws: list[str] = []
    nonce = secrets.token_hex(8)

    class Encoder(DjangoJSONEncoder):
        def default(self, o):
            if isinstance(o, RawJSON):
                raws.append(o.text)
                return f"\x00{nonce}:{len(raws) - 1}\x00"
            return super().default(o)

    body = json.dumps(envelope, cls=Encoder, ensure_ascii=False)
    if raws:
        marker = re.compile(rf'"\\u0000{nonce}:(\d+)\\u0000"')
        body = marker.sub(lambda match: raws[int(match[1])], body)
    return HttpResponse(body, content_type="application/json")


def _request_data(request: HttpRequest) -> dict:
    """The action's parameters, from the query string, a JSON body or a form; text with control
    characters is refused here, once for every action (PostgreSQL cannot store NUL)."""
    data = _parameters(request)
    try:
        jsonsafe.check_text(data)
    except jsonsafe.JSONInputError as error:
        raise ActionError(error.message) from None
    return data


def _parameters(request: HttpRequest) -> dict:
    if request.method == "GET":
        data = {}
        for key in request.GET:
            values = request.GET.getlist(key)
            data[key] = values if len(values) > 1 else values[0]
        return data
    if request.content_type == "application/json" or (request.body[:1] in (b"{", b"[") and not request.FILES):
        try:
            body = jsonsafe.loads(request.body or b"{}")  # refuses deep nesting before parsing
        except jsonsafe.JSONInputError as error:
            raise ActionError(error.message) from None
        if not isinstance(body, dict):
            raise ActionError("JSON Error: the body must be an object")
        return body
    return {key: request.POST.get(key) for key in request.POST}


@csrf_exempt
def action(request: HttpRequest, name: str):
    help_url = request.build_absolute_uri(f"/api/3/action/help_show?name={name}")
    if request.method not in {"GET", "POST"}:
        return JsonResponse(
            {"success": False, "error": {"__type": "Bad request", "message": "GET or POST"}}, status=405
        )
    try:
        function = ACTIONS.get(name)
        if function is None:
            raise ActionError(f"Action name not known: {name}")
        if name in WRITE_ACTIONS and request.method != "POST":
            raise ActionError("Write actions need POST")
        data = _request_data(request)
        token = request.headers.get("Authorization") or request.headers.get("X-CKAN-API-Key") or ""
        user = services.user_for_token(token.removeprefix("Bearer ").strip()) if token else None
        if token and user is None:
            raise NotAuthorized("API token not valid")
        context = {"user": user, "base": request.build_absolute_uri("/").rstrip("/"), "files": request.FILES}
        result = function(data, context)
    except ActionError as error:
        return JsonResponse(
            {
                "help": help_url,
                "success": False,
                "error": {"__type": error.kind, "message": error.message, **error.extra},
            },
            status=error.status,
            json_dumps_params={"ensure_ascii": False},
        )
    return _answer({"help": help_url, "success": True, "result": result})
