"""factory-boy factories for the open data catalog. A dataset made here is indexed as the services
index it (stored package dict, search row), so the CKAN API and the catalog pages find it."""

import factory
from django.utils import timezone

from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.opendata.models import Dataset, Group, Resource, Tag
from madoguchi.opendata.services.common import refresh

__all__ = ["DatasetFactory", "GroupFactory", "ResourceFactory", "TagFactory"]


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"group-{n}")
    title = factory.Sequence(lambda n: f"分類{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"タグ{n}")


class DatasetFactory(factory.django.DjangoModelFactory):
    """A draft dataset of a department; `published=True` for one on the public catalog."""

    class Meta:
        model = Dataset
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"test-dataset-{n}")
    title = factory.Sequence(lambda n: f"テストデータ{n}")
    notes = "テスト用のデータセットです。"
    organization = factory.SubFactory(DepartmentFactory)

    class Params:
        published = factory.Trait(
            state=Dataset.State.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )

    @factory.post_generation
    def tags(dataset, create, extracted, **kwargs):
        if create and extracted:
            dataset.tags.add(*extracted)

    @factory.post_generation
    def groups(dataset, create, extracted, **kwargs):
        if create and extracted:
            dataset.groups.add(*extracted)

    @factory.post_generation
    def index(dataset, create, extracted, **kwargs):
        if create:
            refresh(dataset)


class ResourceFactory(factory.django.DjangoModelFactory):
    """A CSV linked by URL (no stored file); the dataset's index is refreshed after it."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    dataset = factory.SubFactory(DatasetFactory)
    name = factory.Sequence(lambda n: f"テスト表{n}")
    url = factory.Sequence(lambda n: f"https://data.example.jp/test-{n}.csv")
    format = "CSV"
    mimetype = "text/csv"

    @factory.post_generation
    def index(resource, create, extracted, **kwargs):
        if create:
            refresh(resource.dataset)
