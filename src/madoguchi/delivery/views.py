"""Pages: public verification, document download and revocation, fee payment, the sandbox
gateway's hosted checkout, payment webhooks and the reconciliation download. Thin: parse, call a
service, render."""

from __future__ import annotations

import contextlib
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from madoguchi.applications import services as applications
from madoguchi.core import access
from madoguchi.core.httpkit import unless_post
from madoguchi.identity.staff import staff_required

from . import services
from .forms import CardForm, ReconciliationForm, RefundForm, RevokeForm, SettlementForm, VerifyForm
from .models import IssuedDocument, Payment, SandboxCharge
from .payments import PaymentError, providers
from .payments.sandbox import CARDS, KONBINI_STORES, gateway


# --- public verification ---------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def verify(request, number: str | None = None):
    """確認ページ: enter a number or upload the PDF → authentic / changed / revoked / unknown."""
    result, status = None, 200
    # A number in the address is checked like a typed one: "a/b" or a NUL is a 400, never a lookup.
    in_address = VerifyForm({"number": number}) if number is not None else None
    if in_address is not None and not in_address.is_valid():
        form, status, number = in_address, 400, None
    elif request.method == "POST":
        form = VerifyForm(request.POST, request.FILES, initial={"number": number})
        if form.is_valid():
            data = form.cleaned_data.get("file")
            typed = form.cleaned_data.get("number") or number or ""
            if data:
                result = services.verify_pdf(data, number=typed)
            else:
                return redirect("delivery:verify_number", number=services.normalize_number(typed))
        else:
            status = 400
    else:
        typed = request.GET.get("number", "").strip()
        if typed and number is None:
            form = VerifyForm({"number": typed})
            if form.is_valid():
                return redirect("delivery:verify_number", number=form.cleaned_data["number"])
            status = 400
        else:
            form = VerifyForm(initial={"number": number or ""})
            if number:
                result = services.verify_number(number)
    can_revoke = bool(
        result
        and result.document
        and not result.document.is_revoked
        and request.user.is_authenticated
        and result.document.department_id
        and access.can(request.user, access.DOCUMENT_MANAGE, result.document.department_id)
    )
    return render(
        request,
        "delivery/verify.html",
        {
            "form": form,
            "number": number,
            "result": result,
            "uploaded": request.method == "POST",
            "can_revoke": can_revoke,
            "crumbs": [(_("交付文書の確認"), None)],
        },
        status=status,
    )


# --- documents ---------------------------------------------------------------------------------
@login_required
def download(request, number: str):
    document = get_object_or_404(IssuedDocument, number=number)
    if not services.may_download(request.user, document):
        raise PermissionDenied(_("この文書をダウンロードする権限がありません。"))
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def revoke(request, number: str):
    document = services.access_document(request.user, number)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_document(document, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("文書 %(number)s を失効させました。") % {"number": document.number})
            return redirect("delivery:verify_number", number=document.number)
    return render(request, "delivery/revoke.html", {"form": form, "document": document})


@login_required
def my_documents(request):
    person = getattr(request.user, "person", None)
    documents = IssuedDocument.objects.filter(person=person) if person else IssuedDocument.objects.none()
    payments = Payment.objects.filter(person=person) if person else Payment.objects.none()
    return render(request, "delivery/my_documents.html", {"documents": documents, "payments": payments})


# --- payments (resident) -----------------------------------------------------------------------
def _own_payment(request, reference: str) -> Payment:
    payment = get_object_or_404(Payment, reference=reference)
    person = getattr(request.user, "person", None)
    owner = person is not None and payment.person_id == person.pk
    staff = bool(payment.department_id and access.can(request.user, access.CASE_VIEW, payment.department_id))
    if not (owner or staff):
        raise Http404
    return payment


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def payment_detail(request, reference: str):
    payment = _own_payment(request, reference)
    if request.method == "POST":
        return_url = request.build_absolute_uri(reverse("delivery:payment_return", args=[payment.reference]))
        next_url = _safe_next(request, "")
        if next_url:
            request.session[f"payment-next-{payment.reference}"] = next_url
        try:
            target = services.start_payment(payment, return_url=return_url, by=request.user)
        except (ValidationError, PaymentError) as exc:
            messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
            return redirect("delivery:payment", reference=payment.reference)
        return HttpResponseRedirect(target.url)
    return render(request, "delivery/payment.html", {"payment": payment, "next": _safe_next(request, "")})


@login_required
def payment_return(request, reference: str):
    """Back from the hosted checkout: show the outcome (asking the provider if the webhook is late)."""
    payment = _own_payment(request, reference)
    with contextlib.suppress(PaymentError):  # the page then says "still confirming"
        payment = services.sync_payment(payment)
    next_url = request.session.get(f"payment-next-{payment.reference}", "")
    return render(request, "delivery/payment.html", {"payment": payment, "returned": True, "next": next_url})


@login_required
def application_payment(request, public_id):
    """The submit step for "before_submit" fees: find or create the fee for this application."""
    application = applications.get_application(public_id=public_id)
    if application is None or not applications.is_owner(request.user, application):
        raise Http404
    try:
        payment = services.payment_for_application(application, create=True)
    except ValidationError as exc:  # no fee is owed now (a draft's after-approval fee, a withdrawn case)
        messages.error(request, exc.messages[0])
        return redirect("applications:detail", public_id=application.public_id)
    if payment is None:
        raise Http404
    url = reverse("delivery:payment", args=[payment.reference])
    next_url = _safe_next(request, "")
    return redirect(f"{url}?next={next_url}" if next_url else url)


@staff_required
def issue_for_application(request, public_id, kind: str):
    """Staff: issue (or re-issue after revocation) an approved application's document (POST)."""
    application = applications.get_application(public_id=public_id)
    if application is None:
        raise Http404
    access.require(request.user, access.DOCUMENT_MANAGE, application.department_id)  # before the method check
    if (refused := unless_post(request)) is not None:
        return refused
    if not applications.is_approved(application) or kind not in services.DocumentKind.values:
        raise Http404
    document = services.issue_for_application(application, kind, by=request.user)
    messages.success(
        request,
        _("%(title)s（%(number)s）を交付しました。")
        % {"title": document.get_kind_display(), "number": document.number},
    )
    return redirect(_safe_next(request, reverse("delivery:verify_number", args=[document.number])))


@csrf_exempt
@require_POST
def webhook(request, provider: str):
    """Payment provider → city. Signature-checked; every event id handled once."""
    result = services.receive_webhook(provider, request.body, request.headers)
    return HttpResponse(result.message, status=result.status, content_type="text/plain; charset=utf-8")


# --- the sandbox gateway's hosted checkout (stands in for the provider's website) ---------------
@require_http_methods(["GET", "POST"])
def sandbox_checkout(request, session_id: str):
    charge = get_object_or_404(SandboxCharge, session_id=session_id)
    if charge.status not in {SandboxCharge.Status.OPEN, SandboxCharge.Status.AWAITING}:
        return HttpResponseRedirect(charge.return_url)
    if request.method == "POST" and "cancel" in request.POST:
        return HttpResponseRedirect(charge.return_url)
    if request.method == "POST" and request.POST.get("paid_offline"):  # stands in for the bank / store
        gateway.pay_offline(session_id)
        return HttpResponseRedirect(charge.return_url)
    if request.method == "POST" and request.POST.get("offline") in {"payeasy", "konbini"}:
        try:
            gateway.choose_offline(
                session_id, method=request.POST["offline"], store=request.POST.get("store", "")
            )
        except ValueError:
            messages.error(request, _("コンビニを選んでください。"))
        return redirect("delivery:sandbox_checkout", session_id=session_id)
    form = CardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gateway.pay(session_id, card_number=form.cleaned_data["card_number"])
        return HttpResponseRedirect(charge.return_url)
    test_cards = [(number, code or "success") for number, code in CARDS.items()]
    return render(
        request,
        "delivery/sandbox_checkout.html",
        {"charge": charge, "form": form, "test_cards": test_cards, "stores": list(KONBINI_STORES.items())},
    )


# --- staff: refund and reconciliation -------------------------------------------------------------
@staff_required
@require_http_methods(["GET", "POST"])
def refund(request, reference: str):
    payment = services.access_payment(request.user, reference)
    form = RefundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.refund_payment(
                payment,
                by=request.user,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error("amount", exc)
        except PaymentError:
            form.add_error(
                None,
                _(
                    "決済事業者から応答がありませんでした。もう一度お試しください（二重に返金されることはありません）。"
                ),
            )
        else:
            messages.success(request, _("返金しました。"))
            return redirect("delivery:refund", reference=payment.reference)
    return render(request, "delivery/refund.html", {"form": form, "payment": payment})


def reconciliation_headers() -> list[str]:
    return [
        _("日付"),
        _("手続コード"),
        _("手続名"),
        _("収納件数"),
        _("収納額"),
        _("返金件数"),
        _("返金額"),
        _("差引額"),
    ]


@staff_required
def reconciliation(request):
    access.require_anywhere(request.user, access.PAYMENT_RECONCILE)  # 会計: the city's takings
    default = timezone.localdate() - datetime.timedelta(days=1)
    form = ReconciliationForm(request.GET or {"date": default.isoformat()})
    day = form.cleaned_data["date"] if form.is_valid() else default
    if request.GET.get("format") == "csv" and form.is_valid():
        response = HttpResponse(services.reconciliation_csv(day), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="payments-{day.isoformat()}.csv"'
        return response
    rows = services.reconciliation_rows(day)
    return render(
        request,
        "delivery/reconciliation.html",
        {"form": form, "day": day, "rows": rows, "headers": reconciliation_headers()},
    )


# --- receipts, certificates, settlement ------------------------------------------------------------
@login_required
def receipt(request, reference: str):
    """領収書 (PDF) of a paid fee, for the payer and the department's staff."""
    payment = _own_payment(request, reference)
    try:
        pdf = services.receipt_pdf(payment)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("delivery:payment", reference=payment.reference)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{payment.reference}.pdf"'
    return response


@staff_required
def issue_certificate(request, public_id):
    """Staff: issue a certificate request (POST): mail it with its tracking number, or the PDF."""
    application = applications.get_application(public_id=public_id)
    if application is None:
        raise Http404
    access.require(request.user, access.DOCUMENT_MANAGE, application.department_id)  # before the method check
    if (refused := unless_post(request)) is not None:
        return refused
    target = reverse("cases:case", args=[application.public_id])
    try:
        result = services.issue_certificate(
            application,
            by=request.user,
            tracking_number=request.POST.get("tracking_number", ""),
            exemption_reason=request.POST.get("exemption_reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(target)
    if getattr(result, "tracking_number", ""):
        messages.success(
            request, _("郵送記録を作成しました（追跡番号 %(number)s）。") % {"number": result.tracking_number}
        )
    else:
        messages.success(request, _("証明書を電子交付しました。"))
    return redirect(target)


@staff_required
@require_http_methods(["GET", "POST"])
def settlement(request):
    """会計: check a provider's daily settlement file against the city's payments."""
    access.require_anywhere(request.user, access.PAYMENT_RECONCILE)
    codes = [code for code in sorted(p.code for p in providers) if code not in {"postal_order", "gateway"}]
    default = {"date": timezone.localdate().isoformat(), "provider": "sandbox"}
    form = SettlementForm(request.POST or None, request.FILES or None, providers=codes, initial=default)
    result = None
    if request.method == "POST" and form.is_valid():
        day, provider = form.cleaned_data["date"], form.cleaned_data["provider"]
        try:
            if form.cleaned_data.get("file"):
                result = services.reconcile_settlement(
                    form.cleaned_data["file"], day=day, provider=provider, by=request.user
                )
            else:
                result = services.fetch_and_reconcile(day=day, provider=provider, by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        except PaymentError:
            form.add_error(None, _("決済事業者から精算データを取得できませんでした。"))
    discrepancies = [
        {**row, "label": _(services.DISCREPANCY_LABELS.get(row["kind"], row["kind"]))}
        for row in (result.discrepancies if result else [])
    ]
    return render(
        request, "delivery/settlement.html", {"form": form, "result": result, "discrepancies": discrepancies}
    )
