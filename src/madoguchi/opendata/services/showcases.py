"""活用事例 (showcases, as ckanext-showcase keeps them): apps, articles and visualisations that use
the city's data, each linked to the datasets it uses.

Anyone may submit one, without an account (a developer or a newspaper need not be a resident);
the submission is held until the staff of a department owning one of its datasets approve it
(`dataset.publish` there, as for publishing the dataset itself) or decline it with a reason, which
the submitter hears by e-mail. Only approved showcases are shown: on their page, in the public
list, on each linked dataset's page and through the CKAN API (`ckanext_showcase_*`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.models import User
from madoguchi.core.notifications import notify
from madoguchi.core.pagecache import bump

from ..events import Verb
from ..models import Dataset, Showcase

Status = Showcase.Status
MAX_DATASETS = 20
MAX_PENDING_PER_ADDRESS = 5  # a flood of submissions from one address waits for the first ones
LIMITS = {"title": 200, "url": 500, "description": 4000, "author": 100, "submitter_name": 100}


def _text(errors: dict, field: str, value, *, required: str = "") -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if not value and required:
        errors[field] = required
    elif len(value) > LIMITS[field]:
        errors[field] = _("%(limit)d文字以内で入力してください（いまは%(n)d文字です）。") % {
            "limit": LIMITS[field],
            "n": len(value),
        }
    return value


def dataset_names(text: str) -> list[str]:
    """Dataset names typed in a field: separated by commas, 、 or spaces; a dataset page's address
    (…/opendata/dataset/<name>/) gives its name."""
    names = []
    for part in (text or "").replace("、", ",").replace("，", ",").replace(",", " ").split():
        part = part.rstrip("/")
        if "/dataset/" in part:
            part = part.rsplit("/dataset/", 1)[1].split("/", 1)[0]
        if part:
            names.append(part)
    return list(dict.fromkeys(names))


def _datasets(errors: dict, datasets) -> list[Dataset]:
    """Published datasets named (by name or object); every unknown one is named in the error."""
    names = [d.name if isinstance(d, Dataset) else str(d).strip() for d in datasets or []]
    names = [n for n in dict.fromkeys(names) if n]
    if not names:
        errors["datasets"] = _("使ったデータセットを1つ以上指定してください。")
        return []
    if len(names) > MAX_DATASETS:
        errors["datasets"] = _("データセットは%(n)d件まで指定できます。") % {"n": MAX_DATASETS}
        return []
    found = {
        d.name: d
        for d in Dataset.objects.filter(name__in=names, state=Dataset.State.PUBLISHED).select_related(
            "organization"
        )
    }
    unknown = [n for n in names if n not in found]
    if unknown:
        errors["datasets"] = _("公開中のデータセットが見つかりません：%(names)s") % {
            "names": "、".join(unknown)
        }
        return []
    return [found[n] for n in names]


@transaction.atomic
def submit_showcase(
    *,
    by: User | None = None,
    title: str,
    url: str,
    description: str,
    kind: str = Showcase.Kind.APP,
    datasets=(),
    submitter_email: str,
    submitter_name: str = "",
    author: str = "",
    is_demo: bool = False,
) -> Showcase:
    """活用事例を投稿する (anyone; held for moderation). All or nothing: any wrong field refuses the
    whole submission with a message per field, and nothing is stored."""
    errors: dict[str, str] = {}
    title = _text(errors, "title", title, required=_("活用事例の名称を入力してください。"))
    url = _text(errors, "url", url, required=_("活用事例のURLを入力してください。"))
    if url and "url" not in errors:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = _("URLは http:// または https:// で始まるアドレスを入力してください。")
    description = _text(
        errors,
        "description",
        description,
        required=_("どのようにデータを使っているかを入力してください。"),
    )
    if kind not in Showcase.Kind.values:
        errors["kind"] = _("種類を一覧から選んでください。")
    author = _text(errors, "author", author)
    submitter_name = _text(errors, "submitter_name", submitter_name)
    submitter_email = (submitter_email or "").strip() if isinstance(submitter_email, str) else ""
    try:
        EmailValidator()(submitter_email)
    except ValidationError:
        errors["submitter_email"] = _(
            "審査の結果をお知らせするメールアドレスを正しく入力してください（例：name@example.jp）。"
        )
    chosen = _datasets(errors, datasets)
    if errors:
        raise ValidationError(errors)
    if Showcase.objects.filter(url=url).exclude(status=Status.REJECTED).exists():
        raise ValidationError({"url": _("このURLの活用事例はすでに投稿されています。")})
    pending = Showcase.objects.filter(submitter_email__iexact=submitter_email, status=Status.PENDING)
    if pending.count() >= MAX_PENDING_PER_ADDRESS:
        raise ValidationError(
            _("審査待ちの投稿が%(n)d件あります。審査が済んでから投稿してください。")
            % {"n": MAX_PENDING_PER_ADDRESS}
        )
    showcase = Showcase.objects.create(
        title=title,
        url=url,
        description=description,
        kind=kind,
        author=author,
        submitter_name=submitter_name,
        submitter_email=submitter_email,
        submitted_by=by if by is not None and by.is_authenticated else None,
        is_demo=is_demo,
    )
    showcase.datasets.set(chosen)
    record_event(
        showcase,
        verb=Verb.SHOWCASE_SUBMITTED,
        actor=by,
        data={"datasets": [d.name for d in chosen], "kind": kind},
    )
    return showcase


# --- moderation ---------------------------------------------------------------------------------


def moderating_departments(user):
    """Where `user` may approve showcases: where they may publish datasets."""
    return access.departments_where(user, access.DATASET_PUBLISH)


def can_moderate(user, showcase: Showcase) -> bool:
    """May `user` approve or decline `showcase`? The staff who may publish a dataset it uses."""
    if user is None:
        return True  # the system (demo loader)
    organizations = {d.organization_id for d in showcase.datasets.all()}
    return any(access.can(user, access.DATASET_PUBLISH, pk) for pk in organizations)


def showcases_for_staff(user) -> QuerySet:
    """The showcases using a dataset of a department where `user` edits datasets (the queue)."""
    from .common import editable_organizations

    return (
        Showcase.objects.filter(datasets__organization__in=editable_organizations(user))
        .distinct()
        .order_by("-created_at", "pk")
    )


def _decide(showcase: Showcase, *, by: User | None, status: str, reason: str, verb: str) -> Showcase:
    if by is not None and not can_moderate(by, showcase):
        raise PermissionDenied(access.DATASET_PUBLISH.refusal)
    showcase.status = status
    showcase.reason = reason
    showcase.moderated_by = by
    showcase.moderated_at = timezone.now()
    showcase.save(update_fields=["status", "reason", "moderated_by", "moderated_at"])
    record_event(showcase, verb=verb, actor=by, data={"status": status})
    if showcase.submitter_email and not showcase.is_demo:
        notify(showcase.submitter_email, "opendata/emails/showcase_decided", showcase=showcase)
    bump("opendata")  # the dataset pages list it (or no longer do)
    return showcase


@transaction.atomic
def approve_showcase(showcase: Showcase, *, by: User | None) -> Showcase:
    """掲載する: shown from now on, on its page, the list, its datasets' pages and the API."""
    if showcase.status == Status.APPROVED:
        raise ValidationError(_("この活用事例はすでに掲載しています。"))
    return _decide(showcase, by=by, status=Status.APPROVED, reason="", verb=Verb.SHOWCASE_APPROVED)


@transaction.atomic
def reject_showcase(showcase: Showcase, *, by: User | None, reason: str) -> Showcase:
    """掲載しない (or no longer): the reason is sent to the submitter; it is never public."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("掲載しない理由を入力してください。投稿者にお知らせします。")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("理由は2000文字以内で入力してください。")})
    if showcase.status == Status.REJECTED:
        raise ValidationError(_("この活用事例はすでに掲載しないことにしています。"))
    return _decide(showcase, by=by, status=Status.REJECTED, reason=reason, verb=Verb.SHOWCASE_REJECTED)


# --- reading ------------------------------------------------------------------------------------


def approved_showcases() -> QuerySet:
    """What the public sees: approved showcases, newest first."""
    return Showcase.objects.filter(status=Status.APPROVED).order_by("-created_at", "pk")


def showcases_of(dataset: Dataset) -> QuerySet:
    return approved_showcases().filter(datasets=dataset)


def showcase_datasets(showcase: Showcase) -> QuerySet:
    """The published datasets an approved showcase uses (a dataset withdrawn since is left out)."""
    return showcase.datasets.filter(state=Dataset.State.PUBLISHED).select_related("organization")
