"""Role-matrix cases for open data (tests/quality/roles.py): the catalog's services."""

from tests.quality.roles import Decision, decision

from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.opendata import services
from madoguchi.opendata.models import Dataset

SHELTERS_CSV = "名称,緯度,経度\n第一小学校,35.7001,139.4620\n第二中学校,35.7012,139.4711\n".encode()


def draft_dataset(organization=None, *, title="避難所一覧") -> Dataset:
    """A draft of 防災安全課 with one CSV (in the datastore), ready to publish. Made by the system
    (by=None), so no staff member's rights are used to build it."""
    organization = organization or DepartmentFactory(code="bosai", name="防災安全課")
    dataset = services.create_dataset(by=None, organization=organization, title=title)
    services.add_resource(dataset, by=None, name="避難所", content=SHELTERS_CSV, filename="shelters.csv")
    return dataset


def _state(dataset):
    return lambda: Dataset.objects.get(pk=dataset.pk).state


@decision("dataset.edit")
def edit_a_dataset():
    dataset = draft_dataset()
    return Decision(
        department=dataset.organization,
        perform=lambda user: services.update_dataset(dataset, by=user, title="指定避難所一覧"),
        effect=lambda: Dataset.objects.get(pk=dataset.pk).title,
    )


@decision("dataset.publish")
def publish_a_dataset():
    dataset = draft_dataset()
    return Decision(
        department=dataset.organization,
        perform=lambda user: services.publish(dataset, by=user),
        effect=_state(dataset),
    )


@decision("dataset.publish")
def return_a_published_dataset_to_draft():
    dataset = services.publish(draft_dataset(), by=None)
    return Decision(
        department=dataset.organization,
        perform=lambda user: services.return_to_draft(dataset, by=user, reason="数値の誤り"),
        effect=_state(dataset),
    )


@decision("dataset.publish")
def delete_a_dataset():
    dataset = services.publish(draft_dataset(), by=None)
    return Decision(
        department=dataset.organization,
        perform=lambda user: services.delete_dataset(dataset, by=user),
        effect=_state(dataset),
    )
