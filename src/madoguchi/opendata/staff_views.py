"""Staff pages: draft → review → published, uploads with validation, PDF/Excel conversion,
API tokens, answering data requests, recording collaborations and moderating showcases. Every change goes through
`services`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from madoguchi.core import access
from madoguchi.core.events import events_for
from madoguchi.core.httpkit import BadInput, error_text, errors_onto, unless_post
from madoguchi.identity.staff import staff_required

from . import services, standards
from .forms import (
    AnswerRequestForm,
    CollaborationForm,
    ConversionForm,
    ConversionPublishForm,
    DatasetForm,
    ForwardRequestForm,
    ResourceForm,
    ShowcaseDecisionForm,
    TokenForm,
)
from .models import ApiToken, Collaboration, ConversionJob, DataRequest, Dataset, Showcase


def _staff_datasets(user):
    return Dataset.objects.filter(organization__in=services.editable_organizations(user)).exclude(
        state=Dataset.State.DELETED
    )


def _get_dataset(request, name: str) -> Dataset:
    dataset = get_object_or_404(Dataset.objects.select_related("organization"), name=name)
    if not services.can_edit(request.user, dataset.organization):
        raise PermissionDenied(_("この部署のデータセットを編集する権限がありません。"))
    return dataset


@staff_required
def staff_index(request):
    datasets = _staff_datasets(request.user).select_related("organization").order_by("state", "-updated_at")
    return render(
        request,
        "opendata/staff/index.html",
        {
            "datasets": datasets,
            "jobs": ConversionJob.objects.filter(created_by=request.user)[:10],
        },
    )


@staff_required
def dataset_new(request):
    organizations = services.editable_organizations(request.user)
    form = DatasetForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization, groups = data.pop("organization"), list(data.pop("groups"))
        data.pop("tags")
        try:
            dataset = services.create_dataset(
                by=request.user, organization=organization, tags=form.tag_list(), groups=groups, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("下書きを作成しました。ファイルを登録してください。"))
            return redirect("opendata:staff_dataset", name=dataset.name)
    return render(request, "opendata/staff/dataset_form.html", {"form": form})


@staff_required
def dataset_edit(request, name: str):
    dataset = _get_dataset(request, name)
    organizations = services.editable_organizations(request.user)
    form = DatasetForm(
        request.POST or None, organizations=organizations, initial=DatasetForm.initial_for(dataset)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization, groups = data.pop("organization"), list(data.pop("groups"))
        data.pop("tags")
        services.update_dataset(
            dataset, by=request.user, organization=organization, tags=form.tag_list(), groups=groups, **data
        )
        messages.success(request, _("データセットの情報を保存しました。"))
        return redirect("opendata:staff_dataset", name=dataset.name)
    errors = services.publication_errors(dataset) if dataset.state != Dataset.State.PUBLISHED else []
    return render(
        request,
        "opendata/staff/dataset.html",
        {
            "dataset": dataset,
            "form": form,
            "resource_form": ResourceForm(),
            "resources": dataset.resources.all(),
            "errors": errors,
            "history": events_for(dataset).select_related("actor"),
            "can_publish": services.can_publish(request.user, dataset.organization),
            "standard_title": standards.title(dataset.standard_type) if dataset.standard_type else "",
        },
    )


@staff_required
def resource_add(request, name: str):
    dataset = _get_dataset(request, name)
    if (refused := unless_post(request)) is not None:
        return refused
    form = ResourceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            resource = services.add_resource(
                dataset,
                by=request.user,
                name=form.cleaned_data["name"],
                content=upload.read() if upload else None,
                filename=upload.name if upload else "",
                url=form.cleaned_data["url"] if not upload else "",
                standard_type=form.cleaned_data["standard_type"] or None,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if resource.validation.get("errors"):
                messages.warning(
                    request,
                    _(
                        "ファイルを登録しました。標準データセットの検証でエラーがあります。下の一覧を確認してください。"
                    ),
                )
            else:
                messages.success(request, _("ファイルを登録しました。"))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("opendata:staff_dataset", name=dataset.name)


TRANSITIONS = {
    "submit": (services.submit_for_review, gettext_noop("確認依頼しました。")),
    "publish": (services.publish, gettext_noop("公開しました。")),
    "return": (services.return_to_draft, gettext_noop("下書きに戻しました。")),
    "delete": (services.delete_dataset, gettext_noop("削除しました。")),
}


@staff_required
def transition(request, name: str, action: str):
    if action not in TRANSITIONS:
        raise Http404
    dataset = _get_dataset(request, name)
    if (refused := unless_post(request)) is not None:
        return refused
    function, done = TRANSITIONS[action]
    try:
        if action == "return":
            function(dataset, by=request.user, reason=request.POST.get("reason", ""))
        else:
            function(dataset, by=request.user)
    except services.PublishRefused as refused:
        messages.error(
            request, _("公開できません。検証エラーが %(n)d 件あります。") % {"n": len(refused.errors)}
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _(done))
        if action == "delete":
            return redirect("opendata:staff_index")
    return redirect("opendata:staff_dataset", name=dataset.name)


@staff_required
def conversion_new(request):
    form = ConversionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.start_conversion(by=request.user, content=upload.read(), filename=upload.name)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("opendata:staff_conversion", pk=job.pk)
    return render(request, "opendata/staff/conversion_new.html", {"form": form})


def _job(request, pk: int) -> ConversionJob:
    job = get_object_or_404(ConversionJob, pk=pk)
    # A job belongs to whoever started it; owned by no department, else only the system administrator.
    if job.created_by_id != request.user.pk and not access.can(request.user, access.DATASET_EDIT, None):
        raise Http404
    return job


@staff_required
def conversion_job(request, pk: int):
    job = _job(request, pk)
    datasets = _staff_datasets(request.user).order_by("title")
    form = ConversionPublishForm(
        request.POST or None, datasets=datasets, initial={"csv_text": job.csv_text, "dataset": job.dataset}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_conversion(
                job,
                by=request.user,
                dataset=form.cleaned_data["dataset"],
                csv_text=form.cleaned_data["csv_text"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("変換したCSVをデータセットに登録しました。"))
            return redirect("opendata:staff_dataset", name=form.cleaned_data["dataset"].name)
    return render(
        request,
        "opendata/staff/conversion.html",
        {"job": job, "form": form, "table": (job.tables or [None])[0]},
    )


@staff_required
def conversion_progress(request, pk: int):
    """The progress fragment htmx polls while the task runs (the full page also shows it)."""
    return render(request, "opendata/staff/_progress.html", {"job": _job(request, pk)})


@staff_required
def tokens(request):
    form = TokenForm(request.POST or None)
    token = None
    if request.method == "POST" and form.is_valid():
        token = services.issue_api_token(request.user, name=form.cleaned_data["name"])
    return render(
        request,
        "opendata/staff/tokens.html",
        {
            "form": form,
            "token": token,
            "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
        },
    )


# --- データ公開の要望 and 連携・協働検討 ---------------------------------------------------------------


def _get_request(request, pk: int) -> DataRequest:
    """A data request of a department where the user edits datasets; others' get 404 (the public
    page shows the request itself, the staff page is for its department)."""
    data_request = get_object_or_404(
        DataRequest.objects.select_related("department", "dataset"),
        pk=pk,
        department__in=services.editable_organizations(request.user),
    )
    return data_request


@staff_required
def staff_requests(request):
    data_requests = (
        DataRequest.objects.filter(department__in=services.editable_organizations(request.user))
        .select_related("department", "dataset")
        .order_by(F("answered_at").asc(nulls_first=True), "-created_at")  # 回答待ち first
    )
    return render(request, "opendata/staff/requests.html", {"data_requests": data_requests})


@staff_required
def staff_request(request, pk: int):
    data_request = _get_request(request, pk)
    answer_form = AnswerRequestForm(
        request.POST if request.POST.get("action") == "answer" else None,
        initial={
            "status": data_request.status if data_request.status != DataRequest.Status.OPEN else None,
            "planned_for": data_request.planned_for,
            "dataset": data_request.dataset,
            "answer": data_request.answer,
        },
    )
    forward_form = ForwardRequestForm(request.POST if request.POST.get("action") == "forward" else None)
    if request.method == "POST":
        form = answer_form if request.POST.get("action") == "answer" else forward_form
        if form.is_bound and form.is_valid():
            try:
                if form is answer_form:
                    services.answer_data_request(data_request, by=request.user, **form.cleaned_data)
                    done = _("回答しました。フォローしている人にお知らせします。")
                else:
                    services.forward_data_request(
                        data_request, by=request.user, department=form.cleaned_data["department"]
                    )
                    done = _("担当部署を変更しました。")
            except (ValidationError, PermissionDenied) as error:
                errors_onto(form, error)
            else:
                messages.success(request, done)
                if form is forward_form and not services.can_edit(request.user, data_request.department):
                    return redirect("opendata:staff_requests")
                return redirect("opendata:staff_request", pk=data_request.pk)
        elif not form.is_bound:
            raise BadInput(_("操作を選び直してください（回答または担当部署の変更）。"))
    return render(
        request,
        "opendata/staff/request.html",
        {
            "data_request": data_request,
            "answer_form": answer_form,
            "forward_form": forward_form,
            "can_answer": services.can_answer(request.user, data_request),
            "history": events_for(data_request).select_related("actor"),
        },
    )


@staff_required
def staff_collaborations(request):
    organizations = services.editable_organizations(request.user)
    form = CollaborationForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_collaboration(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("連携・協働検討を記録しました。"))
            return redirect("opendata:staff_collaborations")
    collaborations = (
        Collaboration.objects.filter(department__in=organizations)
        .select_related("department")
        .prefetch_related("data_requests", "datasets")
    )
    return render(
        request, "opendata/staff/collaborations.html", {"form": form, "collaborations": collaborations}
    )


# --- 活用事例の審査 ------------------------------------------------------------------------------


@staff_required
def staff_showcases(request):
    """The showcases using a dataset of the user's departments, 審査待ち first."""
    showcases = sorted(
        services.showcases_for_staff(request.user).prefetch_related("datasets"),
        key=lambda s: s.status != Showcase.Status.PENDING,
    )
    return render(request, "opendata/staff/showcases.html", {"showcases": showcases})


@staff_required
def staff_showcase(request, pk):
    showcase = get_object_or_404(services.showcases_for_staff(request.user), pk=pk)
    form = ShowcaseDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_showcase(showcase, by=request.user)
                done = _("掲載しました。投稿者にメールでお知らせします。")
            else:
                services.reject_showcase(showcase, by=request.user, reason=form.cleaned_data["reason"])
                done = _("掲載しないことにしました。投稿者に理由をメールでお知らせします。")
        except (ValidationError, PermissionDenied) as error:
            errors_onto(form, error)
        else:
            messages.success(request, done)
            return redirect("opendata:staff_showcase", pk=showcase.pk)
    return render(
        request,
        "opendata/staff/showcase.html",
        {
            "showcase": showcase,
            "datasets": showcase.datasets.select_related("organization").order_by("title"),
            "form": form,
            "can_moderate": services.can_moderate(request.user, showcase),
            "history": events_for(showcase).select_related("actor"),
        },
    )
