"""Catalog records as CKAN returns them (package, resource, organization, group dicts).

Like CKAN's `lib/dictization/model_dictize`: apart from the actions, because the services keep a
package dict per dataset (the stored search document) and the CKAN API answers with the same.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid

from django.urls import reverse
from django.utils import timezone

from madoguchi.core.models import Department

from . import standards
from .models import LICENSE_URLS, Dataset, Group, License, Resource

ORG_NAMESPACE = uuid.UUID("6f1d7a0e-5c7b-4c8e-9d15-132144000000")


def _iso(value) -> str | None:
    return timezone.make_naive(value, datetime.UTC).isoformat() if value else None


def org_id(department: Department) -> str:
    return str(uuid.uuid5(ORG_NAMESPACE, f"org:{department.code}"))


def group_id(group: Group) -> str:
    return str(uuid.uuid5(ORG_NAMESPACE, f"group:{group.name}"))


def organization_dict(department: Department, *, dataset_count: int | None = None) -> dict:
    data = {
        "id": org_id(department),
        "name": department.code,
        "title": department.name,
        "display_name": department.name,
        "title_translated": {"ja": department.name, "en": department.name_en},
        "description": "",
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
    }
    if dataset_count is not None:
        data["package_count"] = dataset_count
    return data


def group_dict(group: Group, *, dataset_count: int | None = None) -> dict:
    data = {
        "id": group_id(group),
        "name": group.name,
        "title": group.title,
        "display_name": group.title,
        "title_translated": {"ja": group.title, "en": group.title_en},
        "description": group.description,
        "type": "group",
        "is_organization": False,
        "state": "active",
        "image_display_url": "",
    }
    if dataset_count is not None:
        data["package_count"] = dataset_count
    return data


def resource_dict(resource: Resource, base_url: str) -> dict:
    download = base_url + reverse("opendata:download", args=[resource.dataset.name, resource.id])
    standard = standards.get(resource.standard_type)
    return {
        "id": str(resource.id),
        "package_id": str(resource.dataset_id),
        "name": resource.name,
        "description": resource.description,
        "url": download if resource.file else resource.url,
        "url_type": "upload" if resource.file else "",
        "format": resource.format,
        "mimetype": resource.mimetype or None,
        "size": resource.size,
        "created": _iso(resource.created_at),
        "last_modified": _iso(resource.last_modified),
        "metadata_modified": _iso(resource.last_modified),
        "position": resource.position,
        "state": "active",
        "datastore_active": resource.datastore_active,
        "schema": base_url + reverse("opendata:schema", args=[standard.code]) if standard else "",
        "conforms_to": standard.code if standard else "",
        "downloads": resource.downloads,
    }


def with_base(doc: dict, base_url: str, downloads: int | None = None) -> dict:
    """A stored (site-relative) package dict with absolute URLs for this request."""
    doc = {**doc, "url": base_url + doc["url"]}
    doc["resources"] = [
        {
            **r,
            "url": base_url + r["url"] if r.get("url_type") == "upload" else r["url"],
            "schema": base_url + r["schema"] if r.get("schema") else "",
        }
        for r in doc["resources"]
    ]
    if downloads is not None:
        doc["download_count"] = downloads
    return doc


_SITE_RELATIVE = re.compile(r'("(?:url|schema)": ")/')
_DOWNLOAD_COUNT = re.compile(r'"download_count": \d+')


def with_base_text(text: str, base_url: str, downloads: int) -> str:
    """`with_base` on a stored package dict as JSON text, without decoding it: the site-relative
    `url` and `schema` values (the dataset page, uploaded files, schemas: the only values that
    start with "/", since a linked resource's URL is absolute) get the base, `download_count` the
    current figure. Inside a JSON string a quote is escaped, so only keys match."""
    base = json.dumps(base_url)[1:-1]
    text = _SITE_RELATIVE.sub(lambda match: match[1] + base + "/", text)
    text, found = _DOWNLOAD_COUNT.subn(f'"download_count": {int(downloads)}', text, count=1)
    if not found:
        text = text.rstrip()[:-1] + f', "download_count": {int(downloads)}}}'
    return text


def package_dict(dataset: Dataset, base_url: str) -> dict:
    tags = list(dataset.tags.all())
    resources = list(dataset.resources.all())
    for r in resources:
        r.dataset = dataset
    licenses = {code: str(title) for code, title in License.choices}
    standard = standards.get(dataset.standard_type)
    extras = {
        "standard_type": dataset.standard_type,
        "standard_type_title": str(standard.title) if standard else "",
        "frequency": dataset.frequency,
        "spatial_text": dataset.spatial,
        "temporal_start": dataset.temporal_start.isoformat() if dataset.temporal_start else "",
        "temporal_end": dataset.temporal_end.isoformat() if dataset.temporal_end else "",
        "five_stars": str(dataset.stars),
        "title_en": dataset.title_en,
    }
    return {
        "id": str(dataset.id),
        "name": dataset.name,
        "title": dataset.title,
        "title_translated": {"ja": dataset.title, "en": dataset.title_en},
        "notes": dataset.notes,
        "notes_translated": {"ja": dataset.notes, "en": dataset.notes_en},
        "type": "dataset",
        "state": dataset.ckan_state,
        "private": False,
        "author": dataset.organization.name,
        "author_email": None,
        "maintainer": dataset.contact_name or dataset.organization.name,
        "maintainer_email": dataset.contact_email or dataset.organization.email or None,
        "license_id": dataset.license_id,
        "license_title": str(licenses.get(dataset.license_id, dataset.license_id)),
        "license_url": LICENSE_URLS.get(dataset.license_id, ""),
        "isopen": True,
        "url": base_url + reverse("opendata:dataset", args=[dataset.name]),
        "version": None,
        "metadata_created": _iso(dataset.created_at),
        "metadata_modified": _iso(dataset.updated_at),
        "owner_org": org_id(dataset.organization),
        "organization": organization_dict(dataset.organization),
        "groups": [group_dict(g) for g in dataset.groups.all()],
        "tags": [{"id": str(t.pk), "name": t.name, "display_name": t.name, "state": "active"} for t in tags],
        "num_tags": len(tags),
        "resources": [resource_dict(r, base_url) for r in resources],
        "num_resources": len(resources),
        "extras": [{"key": k, "value": v} for k, v in extras.items() if v],
        **{k: v for k, v in extras.items() if k != "title_en"},
        "download_count": dataset.downloads,
    }


def showcase_dict(showcase, base_url: str, *, num_datasets: int | None = None) -> dict:
    """An approved showcase as ckanext-showcase returns it: a package of type `showcase`, its
    external link in `url`. The submitter's contact is never in it."""
    data = {
        "id": str(showcase.id),
        "name": str(showcase.id),
        "title": showcase.title,
        "notes": showcase.description,
        "url": showcase.url,
        "type": "showcase",
        "state": "active",
        "private": False,
        "author": showcase.author or None,
        "author_email": None,
        "image_url": "",
        "metadata_created": _iso(showcase.created_at),
        "metadata_modified": _iso(showcase.moderated_at or showcase.created_at),
        "showcase_kind": showcase.kind,
        "showcase_kind_title": str(showcase.get_kind_display()),
        "page_url": base_url + reverse("opendata:showcase", args=[showcase.pk]),
        "tags": [],
        "extras": [{"key": "showcase_kind", "value": showcase.kind}],
    }
    if num_datasets is not None:
        data["num_datasets"] = num_datasets
    return data
