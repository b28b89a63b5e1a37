"""Datasets: draft → review → published (or deleted), with their labels and names."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.models import Department, Municipality, User

from .. import standards
from ..events import Verb
from ..models import Dataset, Group, Tag
from .common import InvalidTransition, PublishRefused, State, can_publish, ensure_edit, refresh, refresh_index
from .resources import validate_resource

DATASET_FIELDS = {
    "title",
    "title_en",
    "notes",
    "notes_en",
    "license_id",
    "frequency",
    "spatial",
    "temporal_start",
    "temporal_end",
    "contact_name",
    "contact_email",
    "standard_type",
}


def _set_labels(dataset: Dataset, tags=None, groups=None) -> None:
    if tags is not None:
        names = [t.strip() for t in tags if t and t.strip()]
        dataset.tags.set([Tag.objects.get_or_create(name=name[:100])[0] for name in dict.fromkeys(names)])
    if groups is not None:
        dataset.groups.set([g if isinstance(g, Group) else Group.objects.get(name=g) for g in groups if g])


def unique_name(base: str) -> str:
    base = (base or "dataset").lower()[:80].strip("-") or "dataset"
    name, n = base, 1
    while Dataset.objects.filter(name=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


@transaction.atomic
def create_dataset(
    *,
    by: User | None,
    organization: Department,
    title: str,
    name: str = "",
    tags=None,
    groups=None,
    is_demo=False,
    **fields,
) -> Dataset:
    """データセットを作成する (下書き)."""
    ensure_edit(by, organization)
    unknown = set(fields) - DATASET_FIELDS
    if unknown:
        raise ValidationError(_("不明な項目です: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if not title.strip():
        raise ValidationError({"title": _("タイトルを入力してください。")})
    standard = standards.get(fields.get("standard_type", ""))
    if not name:
        # The standard names a dataset after the installed city's 全国地方公共団体コード.
        city = Municipality.current()
        prefix = f"{city.code}-" if city else ""
        name = unique_name(f"{prefix}{standard.slug}" if standard else f"dataset-{uuid.uuid4().hex[:8]}")
    elif Dataset.objects.filter(name=name).exists():
        raise ValidationError({"name": _("識別名「%(name)s」はすでに使われています。") % {"name": name}})
    dataset = Dataset.objects.create(
        name=name, title=title.strip(), organization=organization, is_demo=is_demo, **fields
    )
    _set_labels(dataset, tags, groups)
    refresh(dataset)
    record_event(dataset, verb=Verb.DATASET_CREATED, actor=by, data={"name": dataset.name})
    return dataset


@transaction.atomic
def update_dataset(
    dataset: Dataset, *, by: User | None, tags=None, groups=None, organization=None, **fields
) -> Dataset:
    """データセットの情報を更新する. A published dataset stays published (its history keeps the change)."""
    ensure_edit(by, dataset.organization)
    if organization is not None and organization != dataset.organization:
        ensure_edit(by, organization)
        dataset.organization = organization
    unknown = set(fields) - DATASET_FIELDS
    if unknown:
        raise ValidationError(_("不明な項目です: %(names)s") % {"names": ", ".join(sorted(unknown))})
    changed = sorted(k for k, v in fields.items() if getattr(dataset, k) != v)
    for key, value in fields.items():
        setattr(dataset, key, value)
    dataset.updated_at = timezone.now()
    dataset.save()
    _set_labels(dataset, tags, groups)
    refresh(dataset)
    record_event(dataset, verb=Verb.DATASET_UPDATED, actor=by, data={"fields": changed})
    return dataset


@transaction.atomic
def submit_for_review(dataset: Dataset, *, by: User | None) -> Dataset:
    """確認依頼: the draft goes to a reviewer."""
    ensure_edit(by, dataset.organization)
    if dataset.state != State.DRAFT:
        raise InvalidTransition(_("下書きのデータセットだけ確認依頼できます。"))
    dataset.state = State.REVIEW
    dataset.save(update_fields=["state"])
    refresh_index(dataset)
    record_event(dataset, verb=Verb.SUBMITTED_FOR_REVIEW, actor=by)
    return dataset


def publication_errors(dataset: Dataset) -> list[dict]:
    errors: list[dict] = []
    resources = list(dataset.resources.all())
    if not resources:
        errors.append(
            {
                "resource": "",
                "row": None,
                "field": "",
                "message": _("リソース（ファイルまたはURL）を1つ以上登録してください。"),
            }
        )
    for resource in resources:
        if resource.standard_type:
            report = resource.validation or validate_resource(resource)
            for error in report.get("errors", []):
                errors.append({"resource": resource.name, **error})
    return errors


def publish(dataset: Dataset, *, by: User | None) -> Dataset:
    """公開する. Refused (PublishRefused, nothing changed but the refusal noted in the history)
    while validation errors remain."""
    if not can_publish(by, dataset.organization):
        raise PermissionDenied(access.DATASET_PUBLISH.refusal)
    if dataset.state == State.PUBLISHED:
        return dataset
    if dataset.state == State.DELETED:
        raise InvalidTransition(_("削除されたデータセットは公開できません。"))
    errors = publication_errors(dataset)
    if errors:
        record_event(dataset, verb=Verb.PUBLICATION_REFUSED, actor=by, data={"errors": len(errors)})
        raise PublishRefused(errors)
    with transaction.atomic():
        return _mark_published(dataset, by=by)


def _mark_published(dataset: Dataset, *, by: User | None) -> Dataset:
    now = timezone.now()
    dataset.state = State.PUBLISHED
    dataset.published_at = dataset.published_at or now
    dataset.updated_at = now
    dataset.save(update_fields=["state", "published_at", "updated_at"])
    refresh_index(dataset)
    record_event(dataset, verb=Verb.PUBLISHED, actor=by)
    return dataset


@transaction.atomic
def return_to_draft(dataset: Dataset, *, by: User | None, reason: str = "") -> Dataset:
    """差し戻し / 公開停止: back to draft, with the reason in the history."""
    if not can_publish(by, dataset.organization):
        raise PermissionDenied(access.DATASET_PUBLISH.refusal)
    if dataset.state not in {State.REVIEW, State.PUBLISHED}:
        raise InvalidTransition(_("確認待ちか公開中のデータセットだけ差し戻せます。"))
    dataset.state = State.DRAFT
    dataset.save(update_fields=["state"])
    refresh_index(dataset)
    record_event(dataset, verb=Verb.RETURNED_TO_DRAFT, actor=by, data={"reason": reason[:500]})
    return dataset


@transaction.atomic
def delete_dataset(dataset: Dataset, *, by: User | None) -> Dataset:
    if not can_publish(by, dataset.organization):
        raise PermissionDenied(access.DATASET_PUBLISH.refusal)
    dataset.state = State.DELETED
    dataset.save(update_fields=["state"])
    refresh_index(dataset)
    record_event(dataset, verb=Verb.DATASET_DELETED, actor=by)
    return dataset
