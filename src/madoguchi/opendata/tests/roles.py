"""Role-matrix cases for open data (tests/quality/roles.py): the catalog's services."""

import datetime

from tests.quality.roles import Decision, decision

from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.opendata import services
from madoguchi.opendata.models import Collaboration, DataRequest, Dataset, Showcase

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


def _data_request(department):
    return services.submit_data_request(
        by=None,
        department=department,
        title="AED設置場所の一覧",
        description="設置場所",
        purpose="地図に表示",
    )


@decision("dataset.publish")
def answer_a_data_request():
    data_request = _data_request(DepartmentFactory(code="bosai", name="防災安全課"))
    return Decision(
        department=data_request.department,
        perform=lambda user: services.answer_data_request(
            data_request, by=user, status=DataRequest.Status.REFUSED, answer="個人情報を含むため"
        ),
        effect=lambda: DataRequest.objects.get(pk=data_request.pk).status,
    )


@decision("dataset.edit")
def forward_a_data_request():
    data_request = _data_request(DepartmentFactory(code="bosai", name="防災安全課"))
    hoiku = DepartmentFactory(code="hoiku", name="保育幼稚園課")
    return Decision(
        department=data_request.department,
        perform=lambda user: services.forward_data_request(data_request, by=user, department=hoiku),
        effect=lambda: DataRequest.objects.get(pk=data_request.pk).department_id,
    )


@decision("dataset.edit")
def record_a_collaboration():
    department = DepartmentFactory(code="bosai", name="防災安全課")
    return Decision(
        department=department,
        perform=lambda user: services.record_collaboration(
            by=user,
            department=department,
            title="AEDマップの検討会",
            partner="Code for 国分寺",
            partner_kind="civic_tech",
            held_on=datetime.date(2025, 6, 1),
            summary="データ項目を確認した",
        ),
        effect=lambda: Collaboration.objects.filter(department=department).count(),
    )


def _showcase():
    dataset = services.publish(draft_dataset(), by=None)
    return services.submit_showcase(
        title="避難所マップ",
        url="https://example.jp/map",
        description="避難所を地図に表示",
        datasets=[dataset.name],
        submitter_email="dev@example.jp",
    ), dataset.organization


@decision("dataset.publish")
def approve_a_showcase():
    showcase, department = _showcase()
    return Decision(
        department=department,
        perform=lambda user: services.approve_showcase(showcase, by=user),
        effect=lambda: Showcase.objects.get(pk=showcase.pk).status,
    )


@decision("dataset.publish")
def decline_a_showcase():
    showcase, department = _showcase()
    return Decision(
        department=department,
        perform=lambda user: services.reject_showcase(showcase, by=user, reason="リンク先が見られない"),
        effect=lambda: Showcase.objects.get(pk=showcase.pk).status,
    )
