"""Official documents: issue (render → sign → store → Event → notice), revoke, verify."""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.demo import demo_city
from madoguchi.core.events import record_event
from madoguchi.core.japanese import fiscal_year, format_wareki, receipt_prefix
from madoguchi.core.models import Channel, Department, Municipality, Person
from madoguchi.core.monitoring import count_failure
from madoguchi.core.notifications import notify

from ..events import Verb
from ..models import DocumentCounter, DocumentKind, IssuedDocument
from ..money import format_yen
from . import render, signing

KIND_CODES = {
    DocumentKind.RISAI: "RS",
    DocumentKind.RECEIPT: "JR",
    DocumentKind.DECISION: "KT",
    DocumentKind.CERTIFICATE: "SM",
}
TEMPLATES = {kind: f"delivery/documents/{kind.value}.html" for kind in DocumentKind}
CHECK_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud at the counter
NUMBER_RE = re.compile(rb"Madoguchi document ([A-Z0-9-]{6,40})")  # the signature's /Reason


def access_document(user, number: str) -> IssuedDocument:
    """An issued document for staff who may revoke it (決裁 of its department), else 404."""
    return access.load(IssuedDocument, user, access.DOCUMENT_MANAGE, number=number)


def next_document_number(kind: str, when: datetime.datetime | None = None) -> str:
    """「R8-RS-000012-K7QD」: 年度, kind, sequence in the 年度, and a random check part so that
    numbers cannot be guessed one after another on the public verification page."""
    fy = fiscal_year(when or timezone.now())
    with transaction.atomic():
        counter, _created = DocumentCounter.objects.select_for_update().get_or_create(fiscal_year=fy)
        counter.last += 1
        counter.save(update_fields=["last"])
    check = "".join(secrets.choice(CHECK_ALPHABET) for _ in range(4))
    return f"{receipt_prefix(fy)}-{KIND_CODES[DocumentKind(kind)]}-{counter.last:06d}-{check}"


def city_or_demo() -> Municipality:
    """The installation's city, or the unsaved demo profile when none is configured yet."""
    return Municipality.current() or demo_city()


def issue_document(
    kind: str,
    *,
    context: dict,
    person: Person | None = None,
    department: Department | None = None,
    subject: models.Model | None = None,
    receipt_number: str = "",
    by=None,
    is_demo: bool = False,
    sample: bool = False,
) -> IssuedDocument:
    """Render, sign and record one official document; tell the resident it is ready."""
    kind = DocumentKind(kind)
    city = city_or_demo()
    now = timezone.now()
    number = next_document_number(kind, now)
    full_context = {
        "title": kind.label,
        "number": number,
        "city": city,
        "mayor_name": getattr(settings, "MADOGUCHI_MAYOR_NAME", ""),
        "issued_on_wareki": format_wareki(now),
        "sample": sample,
        **context,
    }
    pdf = render.render_pdf(TEMPLATES[kind], full_context)
    try:
        signed, signer, timestamped = signing.sign_pdf(pdf, number=number, city_name=city.name)
    except Exception:
        count_failure("certificate_signing")  # /metrics; alert CertificateSigningFailing
        raise
    with transaction.atomic():
        document = IssuedDocument.objects.create(
            number=number,
            kind=kind,
            title=str(kind.label),
            person=person,
            department=department,
            subject_type=subject._meta.label_lower if subject is not None else "",
            subject_id=str(subject.pk) if subject is not None else "",
            receipt_number=receipt_number,
            pdf=signed,
            sha256=hashlib.sha256(signed).hexdigest(),
            signer_subject=signer.subject,
            timestamped=timestamped,
            issued_at=now,
            issued_by=by if getattr(by, "is_authenticated", False) else None,
            is_demo=is_demo,
        )
        record_event(
            document,
            verb=Verb.DOCUMENT_ISSUED,
            actor=by,
            channel=Channel.ONLINE,
            data={"number": number, "kind": kind.value, "receipt_number": receipt_number},
        )
        if person is not None and not sample:
            notify(
                person,
                "delivery/document_issued",
                document=document,
                verify_url=render.verification_url(number),
            )
    return document


def risai_context(
    *,
    household_head: str,
    property_address: str,
    disaster_name: str,
    disaster_date,
    damage_level: str,
    inundation: str = "",
    purpose: str = "",
) -> dict:
    if isinstance(disaster_date, str):
        disaster_date = datetime.date.fromisoformat(disaster_date)
    return {
        "household_head": household_head,
        "property_address": property_address,
        "disaster_name": disaster_name,
        "disaster_date_wareki": format_wareki(disaster_date),
        "damage_level": damage_level,
        "inundation": inundation if inundation and inundation != "なし" else "",
        "purpose": purpose,
    }


DAMAGE_LEVELS = ["全壊", "大規模半壊", "中規模半壊", "半壊", "準半壊", "準半壊に至らない（一部損壊）"]


def _application_context(application) -> dict:
    procedure = application.procedure
    department = application.department
    submitted = application.submitted_at or application.created_at
    return {
        "applicant_name": application.applicant.full_name,
        "procedure_name": procedure.name,
        "receipt_number": application.receipt_number or "",
        "received_on_wareki": format_wareki(submitted) if submitted else "",
        "decided_on_wareki": format_wareki(application.decided_at or timezone.now()),
        "department_name": department.name,
        "department_phone": department.phone,
        "decision": _("承認"),
        "reason": application.decision_reason,
        "fee": format_yen(procedure.fee) if procedure.fee else "",
    }


def issue_for_application(application, kind: str, *, by=None) -> IssuedDocument:
    """Issue the document an application's procedure gives (once per kind per application)."""
    existing = IssuedDocument.objects.filter(
        subject_type=application._meta.label_lower, subject_id=str(application.pk), kind=kind, revoked_at=None
    ).first()
    if existing is not None:
        return existing
    context = _application_context(application)
    if kind == DocumentKind.RISAI:
        disaster = (application.data or {}).get("disaster", {})
        damage = (application.data or {}).get("damage", {})
        level = (application.data or {}).get("assessment", {}).get("damage_level") or next(
            (lvl for lvl in DAMAGE_LEVELS if lvl in (application.decision_reason or "")),
            _("調査結果のとおり"),
        )
        context.update(
            risai_context(
                household_head=disaster.get("household_head") or application.applicant.full_name,
                property_address=disaster.get("property_address") or application.applicant.address,
                disaster_name=disaster.get("disaster_name", ""),
                disaster_date=disaster.get("disaster_date") or timezone.localdate(),
                damage_level=level,
                inundation=damage.get("inundation", ""),
                purpose=(application.data or {}).get("issuance", {}).get("purpose", ""),
            )
        )
    return issue_document(
        kind,
        context=context,
        person=application.applicant,
        department=application.department,
        subject=application,
        receipt_number=application.receipt_number or "",
        by=by,
    )


def documents_on_approval(application) -> list[str]:
    """Which documents a procedure issues when approved.

    A procedure asks for them in its form's ui_schema: {"delivery": {"on_approval": ["decision"]}};
    罹災証明書 procedures (code "risai-shomei") issue the certificate itself.
    """
    version = getattr(application, "procedure_version", None)
    ui = (getattr(version, "ui_schema", None) or {}) if version else {}
    kinds = list((ui.get("delivery") or {}).get("on_approval", []))
    if application.procedure.code == "risai-shomei" and DocumentKind.RISAI not in kinds:
        kinds.append(DocumentKind.RISAI.value)
    return [k for k in kinds if k in DocumentKind.values]


def revoke_document(document: IssuedDocument, *, by, reason: str) -> IssuedDocument:
    """失効: the document stays on record, and the verification page says it is revoked."""
    access.require(by, access.DOCUMENT_MANAGE, document.department_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("失効の理由を入力してください。")})
    with transaction.atomic():
        document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if document.is_revoked:
            raise ValidationError(_("この文書はすでに失効しています。"))
        document.revoked_at = timezone.now()
        document.revoked_by = by
        document.revocation_reason = reason
        document.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        record_event(
            document,
            verb=Verb.DOCUMENT_REVOKED,
            actor=by,
            data={"number": document.number, "reason": reason},
        )
        if document.person is not None:
            notify(document.person, "delivery/document_revoked", document=document)
    return document


class Verdict:
    AUTHENTIC = "authentic"
    CHANGED = "changed"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Verification:
    verdict: str
    document: IssuedDocument | None = None

    @property
    def is_authentic(self) -> bool:
        return self.verdict == Verdict.AUTHENTIC


def normalize_number(number: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", number or "")).upper()


def verify_number(number: str) -> Verification:
    document = IssuedDocument.objects.filter(number=normalize_number(number)).first()
    if document is None:
        return Verification(Verdict.UNKNOWN)
    return Verification(Verdict.REVOKED if document.is_revoked else Verdict.AUTHENTIC, document)


def verify_pdf(data: bytes, *, number: str = "") -> Verification:
    """Is this file, byte for byte, a document the city issued and has not revoked?"""
    digest = hashlib.sha256(data).hexdigest()
    document = IssuedDocument.objects.filter(sha256=digest).first()
    if document is not None:
        return Verification(Verdict.REVOKED if document.is_revoked else Verdict.AUTHENTIC, document)
    candidates = [normalize_number(number)] if number else []
    candidates += [m.decode() for m in NUMBER_RE.findall(data)]
    for candidate in candidates:
        document = IssuedDocument.objects.filter(number=candidate).first()
        if document is not None:
            return Verification(Verdict.CHANGED, document)
    return Verification(Verdict.UNKNOWN)


def may_download(user, document: IssuedDocument) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    person = getattr(user, "person", None)
    if person is not None and document.person_id == person.pk:
        return True
    return bool(document.department_id and access.can(user, access.CASE_VIEW, document.department_id))
