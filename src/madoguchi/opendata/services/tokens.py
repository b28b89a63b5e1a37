"""Staff API tokens for the CKAN write actions: shown once, only their digest kept."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core.events import record_event
from madoguchi.core.models import User

from ..events import Verb
from ..models import ApiToken


@transaction.atomic
def issue_api_token(user: User, *, name: str) -> str:
    """Issue a staff API token; the token itself is shown once and only its digest kept."""
    if not user.is_staff:
        raise PermissionDenied(_("APIトークンは職員だけが発行できます。"))
    token = "mdg_" + secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(user=user, name=name or "CKAN API", digest=ApiToken.digest_of(token))
    record_event(api_token, verb=Verb.API_TOKEN_ISSUED, actor=user, data={"name": api_token.name})
    return token


def user_for_token(token: str):
    if not token:
        return None
    api_token = (
        ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token.strip())).first()
    )
    if api_token is None or not api_token.user.is_active or not api_token.user.is_staff:
        return None
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
    return api_token.user
