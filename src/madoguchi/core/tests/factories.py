"""factory-boy factories for the core records. Other apps import these for their fixtures."""

import datetime

import factory
from django.contrib.auth import get_user_model

from madoguchi.core.models import Department, Gender, Household, Municipality, Person, StaffRole


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "132144"
    name = "国分寺市"
    name_en = "Kokubunji City"
    prefecture = "東京都"
    postal_code = "185-8501"
    address = "東京都国分寺市泉町二丁目2番18号"
    phone = "042-325-0111"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"テスト課{n}")
    name_en = factory.Sequence(lambda n: f"Test Division {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.jp")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRole

    user = factory.SubFactory(UserFactory, is_staff=True)
    department = factory.SubFactory(DepartmentFactory)
    role = StaffRole.Role.REVIEW


def staff_member(department, *roles, username=None):
    """A staff user holding `roles` (default: 審査) in `department`."""
    user = UserFactory(
        username=username or f"staff-{department.code}-{'-'.join(roles) or 'review'}", is_staff=True
    )
    for role in roles or (StaffRole.Role.REVIEW,):
        StaffRole.objects.get_or_create(user=user, department=department, role=role)
    return user


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    number = factory.Sequence(lambda n: f"H{n:06d}")
    postal_code = "185-0012"
    address = "東京都国分寺市本町二丁目1番1号"
    district = "本町"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    household = factory.SubFactory(HouseholdFactory)
    relationship = "世帯主"
    family_name = "国分"
    given_name = factory.Sequence(lambda n: f"太郎{n}")
    family_name_kana = "コクブ"
    given_name_kana = "タロウ"
    birth_date = datetime.date(1985, 6, 15)
    gender = Gender.MALE
    postal_code = factory.SelfAttribute("household.postal_code")
    address = factory.SelfAttribute("household.address")
    phone = "042-325-0111"
    email = factory.Sequence(lambda n: f"resident{n}@example.jp")
