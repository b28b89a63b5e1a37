"""What the write actions share: checking a package dict's shape and lengths before anything is
written, its labels, turning a service's refusal into CKAN's error, and the publishing decision."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from madoguchi.core import access

from .. import services
from ..dictize import group_id
from ..models import Dataset, Group, License, Resource
from .common import Invalid, NotAuthorized, text_param, wrong


def check_package_input(data: dict) -> None:
    """Refuse values of the wrong shape before any of them is used (each would be a 500)."""
    for key in (
        "name", "title", "notes", "license_id", "maintainer", "maintainer_email", "owner_org",
        "state", "standard_type", "frequency", "title_en", "notes_en",
    ):  # fmt: skip
        text_param(data, key)
    translated = data.get("title_translated")
    if translated is not None and not (
        isinstance(translated, dict) and all(isinstance(v, str | None) for v in translated.values())
    ):
        raise wrong(
            "title_translated", _('title_translated は {"ja": "…", "en": "…"} の形で指定してください。')
        )
    extras = data.get("extras")
    if extras is not None and not (
        isinstance(extras, list)
        and all(
            isinstance(e, dict)
            and isinstance(e.get("key"), str | None)
            and isinstance(e.get("value"), str | None)
            for e in extras
        )
    ):
        raise wrong("extras", _('extras は {"key": "…", "value": "…"} のリストで指定してください。'))
    for key, names in (("tags", ("name",)), ("groups", ("name", "id"))):  # a group may be given by id
        items = data.get(key)
        if items is not None and not (
            isinstance(items, list)
            and all(
                isinstance(i, str) or (isinstance(i, dict) and any(isinstance(i.get(n), str) for n in names))
                for i in items
            )
        ):
            message = _("%(key)s は名前（文字列）か %(example)s のリストで指定してください。")
            raise wrong(key, message % {"key": key, "example": '{"name": "…"}'})
    resources = data.get("resources")
    if resources is not None and not (
        isinstance(resources, list)
        and all(
            isinstance(r, dict)
            and all(isinstance(r.get(k), str | None) for k in ("id", "name", "url", "format"))
            for r in resources
        )
    ):
        message = _('resources は {"name": "…", "url": "…", "format": "…"} のリストで指定してください。')
        raise wrong("resources", message)


def fits(model, values: dict, keys: dict | None = None) -> None:
    """Refuse text longer than its column: SQLite stores it, PostgreSQL refuses it at save (a 500).
    `keys` maps a model field to the CKAN name the caller used, for the message."""
    for name, value in values.items():
        try:
            max_length = model._meta.get_field(name).max_length
        except FieldDoesNotExist:
            continue
        if isinstance(value, str) and max_length and len(value) > max_length:
            key = (keys or {}).get(name, name)
            raise wrong(
                key, _("%(key)s は %(max)d 文字以内で指定してください。") % {"key": key, "max": max_length}
            )


def dataset_fields(data: dict) -> dict:
    check_package_input(data)
    fields = {}
    mapping = {
        "title": "title",
        "notes": "notes",
        "license_id": "license_id",
        "maintainer": "contact_name",
        "maintainer_email": "contact_email",
    }
    for key, target in mapping.items():
        if key in data and data[key] is not None:
            fields[target] = data[key]
    translated = data.get("title_translated") or {}
    if translated.get("en"):
        fields["title_en"] = translated["en"]
    if translated.get("ja"):
        fields.setdefault("title", translated["ja"])
    for extra in data.get("extras") or []:
        if extra.get("key") in {"standard_type", "frequency", "title_en", "notes_en"}:
            fields[extra["key"]] = extra.get("value", "")
    for key in ("standard_type", "frequency", "title_en", "notes_en"):
        if key in data and data[key] is not None:
            fields[key] = data[key]
    if "license_id" in fields and fields["license_id"] not in dict(License.choices):
        raise Invalid("license_id: unknown licence", license_id=["unknown licence"])
    fits(Dataset, {**fields, "name": text_param(data, "name")}, {v: k for k, v in mapping.items()})
    for item in data.get("resources") or []:
        fits(Resource, {k: item.get(k) for k in ("name", "url", "format")})
    return fields


def labels_of(data: dict):
    check_package_input(data)
    tags = (
        [t["name"] if isinstance(t, dict) else t for t in data["tags"]]
        if data.get("tags") is not None
        else None
    )
    groups = None
    if data.get("groups") is not None:  # null: leave them as they are
        groups = []
        for g in data["groups"]:
            key = str(g.get("name") or g.get("id")) if isinstance(g, dict) else g
            group = next((x for x in Group.objects.all() if key in {x.name, group_id(x)}), None)
            if group is None:
                raise Invalid(f"groups: group {key!r} not found", groups=["not found"])
            groups.append(group)
    return tags, groups


def guard(call):
    try:
        return call()
    except PermissionDenied as error:
        raise NotAuthorized(str(error) or "Not authorized") from None
    except services.PublishRefused as error:
        raise Invalid(
            "公開できません: 検証エラーがあります。", validation=[e["message"] for e in error.errors]
        ) from None
    except ValidationError as error:
        raise Invalid("; ".join(error.messages)) from None


def ensure_may_change_state(user, organization, current_state, data) -> None:
    """Publishing or returning to draft is decided before anything is written: a call refused
    for it changes nothing (the edits sent with it, or the draft it would create, are not kept)."""
    state = data.get("state")
    publishes = state == "active" and current_state != Dataset.State.PUBLISHED
    unpublishes = state == "draft" and current_state == Dataset.State.PUBLISHED
    if (publishes or unpublishes) and not services.can_publish(user, organization):
        raise NotAuthorized(str(access.DATASET_PUBLISH.refusal))


def apply_state(dataset, data, user):
    state = data.get("state")
    if state == "active" and dataset.state != Dataset.State.PUBLISHED:
        guard(lambda: services.publish(dataset, by=user))
    elif state == "draft" and dataset.state == Dataset.State.PUBLISHED:
        guard(lambda: services.return_to_draft(dataset, by=user, reason="API"))


def upload_of(context) -> tuple[bytes | None, str]:
    upload = context["files"].get("upload")
    if upload is None:
        return None, ""
    return upload.read(), upload.name


def add_listed_resources(dataset, items, user) -> None:
    """The resources a package dict lists without an id: links (name, url, format)."""
    for item in items:
        if not item.get("id"):
            guard(
                lambda item=item: services.add_resource(
                    dataset,
                    by=user,
                    name=item.get("name") or "",
                    url=item.get("url") or "",
                    format=item.get("format") or "",
                )
            )
