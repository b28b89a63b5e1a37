"""Identity operations: a resident signs in with the card or with a verified email address."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import get_user_model, login
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core.events import record_event
from madoguchi.core.models import Channel, Gender, Person, User

from . import limits
from .assurance import AssuranceLevel, set_level
from .models import ResidentIdentity, UsedEmailLink

BACKEND = "madoguchi.core.auth.AccountBackend"
GENDER_CLAIMS = {
    "male": Gender.MALE,
    "female": Gender.FEMALE,
    "other": Gender.NOT_APPLICABLE,
    "unknown": Gender.UNKNOWN,
}
EMAIL_LINK_SALT = "madoguchi.identity.email-login"
EMAIL_LINK_MAX_AGE = 30 * 60
# Links sent per hour: per address (no inbox is flooded) and per client (no one mails the city's
# residents in bulk, whatever addresses they try).
EMAIL_LINKS_PER_ADDRESS = 5
EMAIL_LINKS_PER_CLIENT = 20
EMAIL_LINK_WINDOW = datetime.timedelta(hours=1)


class EmailLoginError(Exception):
    """A refused email login step; `str(error)` is the message for the person."""


class TooManyLinks(EmailLoginError):
    pass


class LinkInvalid(EmailLoginError):
    pass


class LinkUsed(EmailLoginError):
    pass


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


def _user_for(person: Person) -> User:
    if person.user_id and person.user is not None:
        return person.user
    user = get_user_model().objects.create_user(username=f"resident-{person.pk}", email=person.email or "")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    person.user = user
    person.save(update_fields=["user"])
    return user


@transaction.atomic
def sign_in_with_card(request: HttpRequest, *, issuer: str, claims: dict) -> Person:
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


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_login_token(email: str) -> str:
    """A signed link token for `email`; its `jti` makes each link single use."""
    return signing.dumps(
        {"email": normalise_email(email), "jti": secrets.token_hex(16)}, salt=EMAIL_LINK_SALT
    )


def read_email_token(token: str) -> tuple[str, str]:
    """(email, jti) of a link token that is genuine, unexpired and not used yet."""
    try:
        data = signing.loads(token, salt=EMAIL_LINK_SALT, max_age=EMAIL_LINK_MAX_AGE)
        email, jti = data["email"], data["jti"]
    except (signing.BadSignature, KeyError, TypeError):
        raise LinkInvalid(
            _("リンクの有効期限が切れているか、正しくありません。もう一度ログインしてください。")
        ) from None
    if UsedEmailLink.objects.filter(jti=jti).exists():
        raise LinkUsed(_("このリンクはすでに使われています。もう一度ログインしてください。"))
    return email, jti


def send_email_login_link(request: HttpRequest, *, email: str) -> None:
    """ログイン用のリンクを送る. The same for every address, known or not (nothing tells whether
    an account exists); refused, with nothing sent or counted, past the hourly limits."""
    email = normalise_email(email)
    window = EMAIL_LINK_WINDOW
    by_client = limits.take(
        "email-link-client", limits.client_ip(request), limit=EMAIL_LINKS_PER_CLIENT, window=window
    )
    by_address = by_client and limits.take(
        "email-link-address", email, limit=EMAIL_LINKS_PER_ADDRESS, window=window
    )
    if not by_address:
        limits.give_back(by_client)
        raise TooManyLinks(
            _(
                "ログイン用のリンクを続けてお求めいただいたため、送信しませんでした。1時間ほどしてからもう一度お試しください。"
            )
        )
    link = request.build_absolute_uri(reverse("identity:email_confirm", args=[email_login_token(email)]))
    send_mail(
        _("【窓口】ログイン用のリンク"),
        _(
            "次のリンクを開くとログインできます（30分間有効、1回限り）。\n%(link)s\n\nお心当たりがない場合は、このメールを破棄してください。"
        )
        % {"link": link},
        None,
        [email],
    )


@transaction.atomic
def sign_in_with_email_link(request: HttpRequest, *, token: str) -> Person:
    """Log in with an email link, once: the link's `jti` is recorded in the same transaction, so
    of two simultaneous uses (a double click) one logs in and the other is told it was used."""
    email, jti = read_email_token(token)
    try:
        with transaction.atomic():
            UsedEmailLink.objects.create(jti=jti)
    except IntegrityError:
        raise LinkUsed(_("このリンクはすでに使われています。もう一度ログインしてください。")) from None
    # Expired links cannot be used anyway: their jtis need not be kept.
    UsedEmailLink.objects.filter(
        used_at__lt=timezone.now() - datetime.timedelta(seconds=EMAIL_LINK_MAX_AGE)
    ).delete()
    return sign_in_with_email(request, email=email)


@transaction.atomic
def sign_in_with_email(request: HttpRequest, *, email: str) -> Person:
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
