"""データ公開の要望 and 連携・協働検討: residents and businesses ask for data, the owning department
answers (公開予定 / 公開済み with the dataset / 公開できない with the reason), followers hear of it;
departments record their collaborations with businesses and civic tech on the city's data."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.models import Department, User
from madoguchi.core.notifications import notify

from ..events import Verb
from ..models import Collaboration, DataRequest, DataRequestFollow, Dataset

Status = DataRequest.Status
TEXT_LIMITS = {"title": 200, "description": 4000, "purpose": 4000, "organisation_name": 100}


def _required_text(errors: dict, field: str, value: str, message: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = message
    elif len(value) > limit:
        errors[field] = _("%(limit)d文字以内で入力してください（いまは%(n)d文字です）。") % {
            "limit": limit,
            "n": len(value),
        }
    return value


def _choice(errors: dict, field: str, value: str, choices, message: str) -> str:
    if value not in choices.values:
        errors[field] = message
    return value


@transaction.atomic
def submit_data_request(
    *,
    by: User | None,
    department: Department,
    title: str,
    description: str,
    purpose: str,
    preferred_format: str = DataRequest.Format.ANY,
    requester_kind: str = DataRequest.RequesterKind.RESIDENT,
    organisation_name: str = "",
    is_demo: bool = False,
) -> DataRequest:
    """データ公開の要望を受け付ける. The requester follows it, so they hear the answer.
    `by=None` is the system (the demo loader); a visitor who is not logged in is refused."""
    if by is not None and not by.is_authenticated:
        raise PermissionDenied(_("要望を送るにはログインしてください。"))
    errors: dict[str, str] = {}
    title = _required_text(
        errors, "title", title, _("ほしいデータを入力してください。"), TEXT_LIMITS["title"]
    )
    description = _required_text(
        errors,
        "description",
        description,
        _("データの内容（項目・期間・範囲など）を入力してください。"),
        TEXT_LIMITS["description"],
    )
    purpose = _required_text(
        errors, "purpose", purpose, _("データを使いたい目的を入力してください。"), TEXT_LIMITS["purpose"]
    )
    _choice(
        errors,
        "preferred_format",
        preferred_format,
        DataRequest.Format,
        _("希望する形式を一覧から選んでください。"),
    )
    _choice(
        errors,
        "requester_kind",
        requester_kind,
        DataRequest.RequesterKind,
        _("区分を一覧から選んでください。"),
    )
    organisation_name = (organisation_name or "").strip()
    if len(organisation_name) > TEXT_LIMITS["organisation_name"]:
        errors["organisation_name"] = _("団体・事業者名は100文字以内で入力してください。")
    if not isinstance(department, Department):
        errors["department"] = _("担当部署を一覧から選んでください。")
    if errors:
        raise ValidationError(errors)
    request = DataRequest.objects.create(
        title=title,
        description=description,
        purpose=purpose,
        preferred_format=preferred_format,
        requester_kind=requester_kind,
        organisation_name=organisation_name,
        department=department,
        requested_by=by,
        is_demo=is_demo,
    )
    record_event(request, verb=Verb.DATA_REQUEST_SUBMITTED, actor=by, data={"department": department.code})
    if by is not None:
        DataRequestFollow.objects.get_or_create(request=request, user=by)
    return request


def can_answer(user, request: DataRequest) -> bool:
    return access.can(user, access.DATASET_PUBLISH, request.department)


@transaction.atomic
def answer_data_request(
    request: DataRequest,
    *,
    by: User | None,
    status: str,
    answer: str = "",
    dataset: Dataset | None = None,
    planned_for: str = "",
) -> DataRequest:
    """要望に回答する: 公開予定 (when), 公開済み (the published dataset) or 公開できない (why).
    The department's answer is public like a publication, so it needs `dataset.publish` there."""
    if by is not None and not can_answer(by, request):
        raise PermissionDenied(access.DATASET_PUBLISH.refusal)
    errors: dict[str, str] = {}
    answer = (answer or "").strip()
    planned_for = (planned_for or "").strip()
    if status not in {Status.PLANNED, Status.PUBLISHED, Status.REFUSED}:
        errors["status"] = _("回答は「公開予定」「公開済み」「公開できない」から選んでください。")
    elif status == Status.REFUSED and not answer:
        errors["answer"] = _("公開できない理由を入力してください。")
    elif status == Status.PUBLISHED and (dataset is None or dataset.state != Dataset.State.PUBLISHED):
        errors["dataset"] = _("公開済みと回答するには、公開中のデータセットを選んでください。")
    elif status == Status.PLANNED and not (planned_for or answer):
        errors["planned_for"] = _("公開予定時期（例：令和7年度中）か、回答の内容を入力してください。")
    if len(answer) > 4000:
        errors["answer"] = _("回答は4000文字以内で入力してください。")
    if len(planned_for) > 50:
        errors["planned_for"] = _("公開予定時期は50文字以内で入力してください。")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    request.status = status
    request.answer = answer
    request.planned_for = planned_for if status == Status.PLANNED else ""
    request.dataset = dataset if status in {Status.PLANNED, Status.PUBLISHED} else None
    request.answered_at = now
    if status != Status.REFUSED and request.taken_up_at is None:
        request.taken_up_at = now
    request.save(update_fields=["status", "answer", "planned_for", "dataset", "answered_at", "taken_up_at"])
    record_event(
        request,
        verb=Verb.DATA_REQUEST_ANSWERED,
        actor=by,
        data={"status": status, "dataset": str(request.dataset_id or "")},
    )
    for follow in request.follows.select_related("user"):
        notify(follow.user, "opendata/emails/request_answered", data_request=request)
    return request


@transaction.atomic
def forward_data_request(request: DataRequest, *, by: User | None, department: Department) -> DataRequest:
    """担当部署を変える: the department that received the request hands it to the one holding the data."""
    if by is not None and not access.can(by, access.DATASET_EDIT, request.department):
        raise PermissionDenied(access.DATASET_EDIT.refusal)
    if not isinstance(department, Department):
        raise ValidationError({"department": _("担当部署を一覧から選んでください。")})
    if department.pk == request.department_id:
        raise ValidationError({"department": _("いまと同じ部署です。別の部署を選んでください。")})
    if request.status != Status.OPEN:
        raise ValidationError(_("回答済みの要望は担当部署を変えられません。"))
    previous = request.department.code
    request.department = department
    request.save(update_fields=["department"])
    record_event(
        request, verb=Verb.DATA_REQUEST_FORWARDED, actor=by, data={"from": previous, "to": department.code}
    )
    return request


def follow_data_request(request: DataRequest, *, user: User) -> DataRequestFollow:
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("フォローするにはログインしてください。"))
    follow, _created = DataRequestFollow.objects.get_or_create(request=request, user=user)
    return follow


def unfollow_data_request(request: DataRequest, *, user: User) -> None:
    DataRequestFollow.objects.filter(request=request, user=user).delete()


@transaction.atomic
def record_collaboration(
    *,
    by: User | None,
    department: Department,
    title: str,
    partner: str,
    partner_kind: str,
    held_on: datetime.date,
    summary: str,
    data_requests=(),
    datasets=(),
    is_demo: bool = False,
) -> Collaboration:
    """連携・協働検討を記録する (a meeting or study with a business, civic tech group …)."""
    if by is not None and not access.can(by, access.DATASET_EDIT, department):
        raise PermissionDenied(access.DATASET_EDIT.refusal)
    errors: dict[str, str] = {}
    title = _required_text(errors, "title", title, _("件名を入力してください。"), 200)
    partner = _required_text(
        errors, "partner", partner, _("連携先（事業者・団体名）を入力してください。"), 200
    )
    summary = _required_text(errors, "summary", summary, _("検討の内容を入力してください。"), 4000)
    _choice(
        errors,
        "partner_kind",
        partner_kind,
        Collaboration.PartnerKind,
        _("連携先の区分を一覧から選んでください。"),
    )
    if not isinstance(held_on, datetime.date):
        errors["held_on"] = _("検討した日を入力してください（例：2025-06-01）。")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("検討した日に未来の日付は入力できません。")
    if errors:
        raise ValidationError(errors)
    collaboration = Collaboration.objects.create(
        title=title,
        partner=partner,
        partner_kind=partner_kind,
        department=department,
        held_on=held_on,
        summary=summary,
        recorded_by=by,
        is_demo=is_demo,
    )
    collaboration.data_requests.set(data_requests)
    collaboration.datasets.set(datasets)
    record_event(
        collaboration,
        verb=Verb.COLLABORATION_RECORDED,
        actor=by,
        data={"department": department.code, "partner_kind": partner_kind},
    )
    return collaboration
