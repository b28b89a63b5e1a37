"""IDOR registrations for open data routes (tests/quality/idor.py).

A published dataset is public by design (the catalog, its resources, downloads, map data and
DCAT). The pages also serve drafts, but only to the staff of the dataset's department
(queries.visible_datasets / services.can_edit), so each case uses a draft: the owning
department's staff see it, everyone else gets 404/403. A conversion job belongs to the staff
member who uploaded the file.
"""

from tests.quality.idor import IdorCase, not_an_object, object_factory, public

not_an_object(
    "ckan_action",
    "the CKAN Action API: the argument is an action name (package_show, …), not an object; the "
    "datasets an action reads go through queries.visible_datasets(user)",
)

public(
    "opendata:schema",
    "the Table Schema of a national standard dataset (自治体標準オープンデータセット), a fixed "
    "definition from standards.py; the code names a standard, not anyone's object",
)

MARKER = "IDOR確認用の下書きデータセット"


def _draft(*, with_resource: bool = False):
    from madoguchi.core.tests.factories import DepartmentFactory
    from madoguchi.opendata import services
    from madoguchi.opendata.tests.conftest import evacuation_csv

    dataset = services.create_dataset(by=None, organization=DepartmentFactory(), title=MARKER)
    resource = None
    if with_resource:
        resource = services.add_resource(
            dataset,
            by=None,
            name="IDOR確認用のファイル",
            content=evacuation_csv([{"名称": "IDOR確認用の避難場所"}]),
            filename="idor.csv",
        )
    return dataset, resource


@object_factory("opendata:dataset", "opendata:staff_dataset", "opendata:geojson")
def make_draft():
    dataset, _resource = _draft(with_resource=True)
    return IdorCase(kwargs={"name": dataset.name}, department=dataset.organization, marker=MARKER)


@object_factory("opendata:resource", "opendata:download")
def make_draft_resource():
    dataset, resource = _draft(with_resource=True)
    return IdorCase(
        kwargs={"name": dataset.name, "resource_id": resource.pk},
        department=dataset.organization,
        marker="IDOR確認用の避難場所",  # a cell of the file: on the preview and in the download
    )


@object_factory("opendata:dataset_rdf")
def make_draft_rdf():
    """DCAT is served for published datasets only, so nobody (not even its department) gets a
    draft's; no owner to check, only that nobody else sees it."""
    dataset, _resource = _draft()
    return IdorCase(kwargs={"name": dataset.name, "fmt": "ttl"}, marker=MARKER)


@object_factory("opendata:staff_resource_add")
def make_resource_add():
    dataset, _resource = _draft()
    return IdorCase(kwargs={"name": dataset.name}, department=dataset.organization, owner_status=405)


@object_factory("opendata:staff_transition")
def make_transition():
    dataset, _resource = _draft()
    return IdorCase(
        kwargs={"name": dataset.name, "action": "submit"}, department=dataset.organization, owner_status=405
    )


def _job():
    """A finished conversion uploaded by the very staff member the matrix signs in for the
    department (staff_member() with every role gives the same account), so that member is the
    owner; another department's staff, residents and visitors must not see it."""
    from django.core.files.base import ContentFile

    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import DepartmentFactory, staff_member
    from madoguchi.opendata.models import ConversionJob

    department = DepartmentFactory()
    uploader = staff_member(department, *StaffRole.Role.values)
    job = ConversionJob(
        original_name="IDOR確認用の統計表.xlsx",
        state=ConversionJob.State.DONE,
        progress=100,
        tables=[{"header": ["町丁", "人口"], "rows": [["IDOR確認町", "1"]]}],
        csv_text="町丁,人口\nIDOR確認町,1\n",
        created_by=uploader,
    )
    job.source.save("idor.xlsx", ContentFile(b"PK"), save=False)
    job.save()
    return job, department


@object_factory("opendata:staff_conversion")
def make_conversion():
    job, department = _job()
    return IdorCase(kwargs={"pk": job.pk}, department=department, marker="IDOR確認町")


@object_factory("opendata:staff_conversion_progress")
def make_conversion_progress():
    job, department = _job()
    return IdorCase(kwargs={"pk": job.pk}, department=department)  # the fragment: state and progress only


# --- データ公開の要望 ---------------------------------------------------------------------------

public(
    "opendata:request",
    "a data request (what, why, format, the department's answer) is published by design; who "
    "asked is never shown",
)
public(
    "opendata:request_follow",
    "POST only: the signed-in user follows a public request for themselves (no one else's object)",
)

REQUEST_MARKER = "IDOR確認用の回答待ちの要望"


@object_factory("opendata:staff_request")
def make_data_request():
    """The staff page of a request (answer, forward): its department only. The marker is the
    requester's 団体名, which the staff page shows beside the request."""
    from madoguchi.core.tests.factories import DepartmentFactory
    from madoguchi.opendata import services

    data_request = services.submit_data_request(
        by=None,
        department=DepartmentFactory(),
        title="IDOR確認用のデータ",
        description="内容",
        purpose="目的",
        organisation_name=REQUEST_MARKER,
    )
    return IdorCase(
        kwargs={"pk": data_request.pk}, department=data_request.department, marker="回答を公開する"
    )


# --- 活用事例 ----------------------------------------------------------------------------------------

SHOWCASE_CONTACT = "idor-showcase@example.jp"


def _pending_showcase():
    from madoguchi.core.tests.factories import DepartmentFactory
    from madoguchi.opendata import services

    dataset, _resource = _draft(with_resource=True)
    services.publish(dataset, by=None)
    showcase = services.submit_showcase(
        title="IDOR確認用の審査待ちの活用事例",
        url=f"https://example.jp/{dataset.name}",
        description="IDOR確認用",
        datasets=[dataset.name],
        submitter_email=SHOWCASE_CONTACT,
    )
    DepartmentFactory()  # another department, so the owner's is not the only one
    return showcase, dataset.organization


@object_factory("opendata:showcase")
def make_pending_showcase():
    """A showcase is public once approved; a pending one is shown to nobody on the public page (its
    moderators read it on the staff page), so there is no owner to check here."""
    showcase, _department = _pending_showcase()
    return IdorCase(kwargs={"pk": showcase.pk}, marker="IDOR確認用の審査待ちの活用事例")


@object_factory("opendata:staff_showcase")
def make_staff_showcase():
    """The moderation page: the staff of the department owning a dataset the showcase uses; the
    marker is the submitter's private e-mail address."""
    showcase, department = _pending_showcase()
    return IdorCase(kwargs={"pk": showcase.pk}, department=department, marker=SHOWCASE_CONTACT)
