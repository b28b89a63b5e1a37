"""CKAN write actions through /api/3/action/ with API tokens: the right department and role may,
another department may not, and publishing or deleting needs a role with dataset.publish (審査・
決裁・システム管理), not just one that edits. A refused call changes nothing."""

import json

import pytest

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.opendata import services
from madoguchi.opendata.models import Dataset, Resource
from madoguchi.opendata.tests.roles import draft_dataset

pytestmark = pytest.mark.django_db
R = StaffRole.Role

# Who calls, as (department, role): 受付 edits but does not publish; 会計 does neither.
CALLERS = {
    "publisher": ("bosai", R.REVIEW),
    "editor": ("bosai", R.RECEPTION),
    "accounting": ("bosai", R.ACCOUNTING),
    "other department": ("kodomo", None),  # every role, in another department
}


@pytest.fixture
def bosai(db):
    MunicipalityFactory()
    return DepartmentFactory(code="bosai", name="防災安全課")


@pytest.fixture
def tokens(bosai):
    kodomo = DepartmentFactory(code="kodomo", name="こども子育て支援課")
    departments = {"bosai": bosai, "kodomo": kodomo}
    issued = {}
    for who, (department, role) in CALLERS.items():
        roles = (role,) if role else tuple(R.values)
        user = staff_member(departments[department], *roles, username=f"ckan-{who.replace(' ', '-')}")
        issued[who] = services.issue_api_token(user, name="CKAN")
    return issued


@pytest.fixture
def draft(bosai):
    return draft_dataset(bosai)


@pytest.fixture
def published(bosai):
    return services.publish(draft_dataset(bosai, title="指定緊急避難場所一覧"), by=None)


def call(client, action, token=None, **data):
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    response = client.post(
        f"/api/3/action/{action}", json.dumps(data), content_type="application/json", **headers
    )
    return response.status_code, response.json()


def snapshot(dataset):
    """Everything a write action could change on the dataset and its resources."""
    dataset = Dataset.objects.get(pk=dataset.pk)
    resources = sorted(Resource.objects.filter(dataset=dataset).values_list("id", "name", "format"))
    return dataset.state, dataset.title, dataset.notes, dataset.organization_id, resources


def refused(client, dataset, action, token, *, status, **data):
    before = snapshot(dataset)
    code, body = call(client, action, token, **data)
    assert (code, body["success"]) == (status, False), body
    assert snapshot(dataset) == before, f"{action} was refused ({code}) but changed the dataset"
    return body


# --- package_update / package_patch: editing -------------------------------------------------------


@pytest.mark.parametrize("who", ["publisher", "editor"])
def test_its_department_edits_a_dataset(client, tokens, published, who):
    code, body = call(client, "package_update", tokens[who], id=published.name, notes="毎年4月に更新")
    assert code == 200 and body["result"]["notes"] == "毎年4月に更新"
    assert Dataset.objects.get(pk=published.pk).notes == "毎年4月に更新"


@pytest.mark.parametrize("action", ["package_update", "package_patch"])
def test_another_department_or_a_role_without_editing_is_refused(client, tokens, published, draft, action):
    # A published dataset is visible to everyone: the refusal is the permission's (403).
    body = refused(
        client, published, action, tokens["other department"], status=403, id=published.name, notes="x"
    )
    assert body["error"]["__type"] == "Authorization Error"
    refused(client, published, action, tokens["accounting"], status=403, id=published.name, notes="x")
    # Another department's draft does not exist for the caller (404), as on package_show.
    refused(client, draft, action, tokens["other department"], status=404, id=draft.name, notes="x")
    refused(client, draft, action, tokens["accounting"], status=404, id=draft.name, notes="x")


def test_a_dataset_cannot_be_moved_into_another_department(client, tokens, published):
    refused(
        client,
        published,
        "package_patch",
        tokens["editor"],
        status=403,
        id=published.name,
        owner_org="kodomo",
    )


# --- publishing, returning to draft, deleting: dataset.publish ------------------------------------


def test_creating_a_published_dataset_needs_the_publish_role(client, tokens, bosai):
    new = {
        "name": "132144-fire-hydrant",
        "title": "消防水利施設一覧",
        "owner_org": "bosai",
        "resources": [{"name": "一覧", "url": "https://example.jp/hydrants.csv", "format": "CSV"}],
        "state": "active",
    }
    for who in ("editor", "accounting", "other department"):
        code, body = call(client, "package_create", tokens[who], **new)
        assert (code, body["success"]) == (403, False), (who, body)
        assert not Dataset.objects.filter(name=new["name"]).exists(), f"{who}: a refused call left a draft"
    code, body = call(client, "package_create", tokens["publisher"], **new)
    assert code == 200 and body["result"]["state"] == "active"


@pytest.mark.parametrize("action", ["package_update", "package_patch"])
def test_publishing_through_update_needs_the_publish_role(client, tokens, draft, action):
    refused(client, draft, action, tokens["editor"], status=403, id=draft.name, state="active")
    # Edits sent with the refused state change are not kept either (one call, one decision).
    refused(
        client,
        draft,
        action,
        tokens["editor"],
        status=403,
        id=draft.name,
        notes="公開前の修正",
        state="active",
    )
    refused(client, draft, action, tokens["other department"], status=404, id=draft.name, state="active")

    code, body = call(client, action, tokens["publisher"], id=draft.name, state="active")
    assert code == 200 and body["result"]["state"] == "active"
    assert Dataset.objects.get(pk=draft.pk).state == Dataset.State.PUBLISHED


def test_returning_to_draft_needs_the_publish_role(client, tokens, published):
    refused(
        client, published, "package_patch", tokens["editor"], status=403, id=published.name, state="draft"
    )
    refused(
        client,
        published,
        "package_patch",
        tokens["other department"],
        status=403,
        id=published.name,
        state="draft",
    )
    code, _ = call(client, "package_patch", tokens["publisher"], id=published.name, state="draft")
    assert code == 200 and Dataset.objects.get(pk=published.pk).state == Dataset.State.DRAFT


@pytest.mark.parametrize("who", ["editor", "accounting", "other department"])
def test_package_delete_is_refused_without_the_publish_role(client, tokens, published, who):
    refused(client, published, "package_delete", tokens[who], status=403, id=published.name)


def test_package_delete_by_its_department_publisher(client, tokens, published):
    code, body = call(client, "package_delete", tokens["publisher"], id=published.name)
    assert (code, body["success"]) == (200, True)
    assert Dataset.objects.get(pk=published.pk).state == Dataset.State.DELETED
    assert call(client, "package_show", id=published.name)[0] == 404


# --- resources --------------------------------------------------------------------------------------


def test_resource_update_by_its_department(client, tokens, published):
    resource = published.resources.get()
    code, body = call(
        client, "resource_update", tokens["editor"], id=str(resource.id), name="避難場所（令和7年度）"
    )
    assert code == 200 and body["result"]["name"] == "避難場所（令和7年度）"
    assert Resource.objects.get(pk=resource.pk).name == "避難場所（令和7年度）"


@pytest.mark.parametrize("who", ["accounting", "other department"])
def test_resource_update_and_delete_are_refused_outside_its_editors(client, tokens, published, draft, who):
    resource = published.resources.get()
    refused(client, published, "resource_update", tokens[who], status=403, id=str(resource.id), name="x")
    refused(client, published, "resource_delete", tokens[who], status=403, id=str(resource.id))
    hidden = draft.resources.get()  # a draft's resource is not found for them
    refused(client, draft, "resource_update", tokens[who], status=404, id=str(hidden.id), name="x")
    refused(client, draft, "resource_delete", tokens[who], status=404, id=str(hidden.id))


def test_resource_delete_by_its_department(client, tokens, published):
    resource = published.resources.get()
    code, body = call(client, "resource_delete", tokens["editor"], id=str(resource.id))
    assert (code, body["success"]) == (200, True)
    assert not Resource.objects.filter(pk=resource.pk).exists()


# --- datastore_search_sql: a read, but of a draft only for its department --------------------------


def _sql(resource) -> str:
    return f'SELECT * FROM "{resource.id}" WHERE "名称" = \'第一小学校\''


def test_datastore_search_sql_on_a_draft_is_its_departments_only(client, tokens, draft):
    resource = draft.resources.get()
    code, body = call(client, "datastore_search_sql", tokens["editor"], sql=_sql(resource))
    assert code == 200 and [r["名称"] for r in body["result"]["records"]] == ["第一小学校"]
    for token in (tokens["other department"], tokens["accounting"], None):
        code, body = call(client, "datastore_search_sql", token, sql=_sql(resource))
        assert (code, body["success"]) == (404, False), body
        assert "第一小学校" not in json.dumps(body, ensure_ascii=False)


def test_datastore_search_sql_on_a_published_dataset_is_open(client, tokens, published):
    resource = published.resources.get()
    for token in (tokens["other department"], None):
        code, body = call(client, "datastore_search_sql", token, sql=_sql(resource))
        assert code == 200 and [r["名称"] for r in body["result"]["records"]] == ["第一小学校"]


# --- tokens -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "mdg_not-a-token"])
def test_write_actions_without_a_valid_token_are_refused(client, published, token):
    resource = published.resources.get()
    refused(client, published, "package_patch", token, status=403, id=published.name, notes="x")
    refused(client, published, "package_delete", token, status=403, id=published.name)
    refused(client, published, "resource_update", token, status=403, id=str(resource.id), name="x")
    refused(client, published, "resource_delete", token, status=403, id=str(resource.id))


def test_a_token_stops_working_when_its_staff_member_leaves(client, tokens, published):
    from madoguchi.opendata.models import ApiToken

    user = ApiToken.objects.get(user__username="ckan-publisher").user
    user.is_active = False  # the token exists, but its owner's account is closed
    user.save(update_fields=["is_active"])
    refused(client, published, "package_delete", tokens["publisher"], status=403, id=published.name)
