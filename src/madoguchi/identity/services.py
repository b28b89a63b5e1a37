"""Identity operations: a resident signs in with the card or with a verified email address."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model, login
from django.core import signing
from django.db import transaction
from django.utils import timezone

from madoguchi.core.events import record_event
from madoguchi.core.models import Channel, Gender, Person

from .assurance import AssuranceLevel, set_level
from .models import ResidentIdentity

BACKEND = "django.contrib.auth.backends.ModelBackend"
GENDER_CLAIMS = {
    "male": Gender.MALE,
    "female": Gender.FEMALE,
    "other": Gender.NOT_APPLICABLE,
    "unknown": Gender.UNKNOWN,
}
EMAIL_LINK_SALT = "madoguchi.identity.email-login"
EMAIL_LINK_MAX_AGE = 30 * 60


def profile_from_claims(claims: dict) -> dict:
    """The 基本4情報 from OIDC claims, as core.Person fields (accepts string or object addresses)."""
    family, given = claims.get("family_name"), claims.get("given_name")
    if not (family and given) and claims.get("name"):
        parts = claims["name"].replace(" ", "\u3000").split("\u3000", 1)
        family, given = parts[0], parts[1] if len(parts) > 1 else ""
    profile: dict = {}
    if family is not None:
        profile["family_name"], profile["given_name"] = family, given or ""
    address = claims.get("address")
    if isinstance(address, dict):
        profile["address"] = address.get("formatted", "")
        if address.get("postal_code"):
            profile["postal_code"] = address["postal_code"]
    elif isinstance(address, str):
        profile["address"] = address
    if claims.get("birthdate"):
        profile["birth_date"] = datetime.date.fromisoformat(claims["birthdate"])
    if claims.get("gender") is not None:
        value = str(claims["gender"])
        profile["gender"] = GENDER_CLAIMS.get(value, int(value) if value.isdigit() else Gender.UNKNOWN)
    return profile


def _user_for(person: Person):
    if person.user_id:
        return person.user
    user = get_user_model().objects.create_user(username=f"resident-{person.pk}", email=person.email or "")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    person.user = user
    person.save(update_fields=["user"])
    return user


@transaction.atomic
def sign_in_with_card(request, *, issuer: str, claims: dict) -> Person:
    """マイナンバーカードでログイン: link the provider's subject to a Person (created or refreshed
    from the card's 基本4情報), log the browser in at the card-authentication level."""
    profile = profile_from_claims(claims)
    link = (
        ResidentIdentity.objects.filter(issuer=issuer, subject=claims["sub"]).select_related("person").first()
    )
    if link:
        person = link.person
    else:
        # First login: the resident register already knows them by the 基本4情報.
        person = Person.objects.filter(
            family_name=profile.get("family_name"),
            given_name=profile.get("given_name"),
            birth_date=profile.get("birth_date"),
        ).first() or Person(**profile)
    changed = [field for field, value in profile.items() if getattr(person, field) != value]
    for field in changed:
        setattr(person, field, profile[field])
    person.save()
    user = _user_for(person)
    link, _created = ResidentIdentity.objects.update_or_create(
        issuer=issuer,
        subject=claims["sub"],
        defaults={"person": person, "user": user, "last_login_at": timezone.now()},
    )
    login(request, user, backend=BACKEND)
    set_level(request, AssuranceLevel.CARD_AUTH)
    request.session["madoguchi_oidc_subject"] = claims["sub"]
    record_event(
        person,
        verb="resident_logged_in",
        actor=user,
        channel=Channel.ONLINE,
        data={"method": "card", "updated": sorted(changed)},
    )
    return person


def email_login_token(email: str) -> str:
    return signing.dumps({"email": email.strip().lower()}, salt=EMAIL_LINK_SALT)


def email_from_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=EMAIL_LINK_SALT, max_age=EMAIL_LINK_MAX_AGE)["email"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


@transaction.atomic
def sign_in_with_email(request, *, email: str) -> Person:
    """メールアドレスでログイン (plan 1-エ, residents without a card): the address was proven by
    the link sent to it. The account reaches only the `email` assurance level."""
    user_model = get_user_model()
    username = f"email:{email}"
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(username=username, email=email)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(family_name="", given_name="", email=email, user=user)
    login(request, user, backend=BACKEND)
    set_level(request, AssuranceLevel.EMAIL)
    record_event(
        person, verb="resident_logged_in", actor=user, channel=Channel.ONLINE, data={"method": "email"}
    )
    return person
