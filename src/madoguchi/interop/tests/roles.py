"""Role-matrix cases for interop (tests/quality/roles.py)."""

from tests.quality.roles import Decision, decision

from madoguchi.interop import services
from madoguchi.interop.models import RegistryPerson, ReviewItem

from .factories import PORTAL_CODE, archive, csv_bytes, family, genkyo, genkyo_fields


@decision("interop.intake")
def confirm_an_unmapped_portal_field():
    procedure = genkyo()
    parent, child = family()
    content = archive([("PT-ROLE-1", PORTAL_CODE, genkyo_fields(parent, child, 備考="平日午前"))])
    services.import_archive("roles.zip", content)  # the scheduled inbox import (no user)
    item = ReviewItem.objects.get(submission__portal_number="PT-ROLE-1")
    return Decision(
        department=procedure.department,
        perform=lambda user: services.resolve_review_item(item, by=user),
        effect=lambda: ReviewItem.objects.get(pk=item.pk).resolved_at is not None,
    )


@decision("interop.registry")
def take_a_registry_file_in():
    from madoguchi.core.tests.factories import DepartmentFactory

    content = csv_bytes(
        services.LAYOUTS["persons"],
        [
            [
                "000900",
                "",
                "H-9",
                "試験",
                "太郎",
                "シケン",
                "タロウ",
                "19700101",
                "1",
                "世帯主",
                "1850012",
                "国分寺市本町",
                "1",
                "",
            ]
        ],
    )
    return Decision(
        department=DepartmentFactory(code="shimin"),
        perform=lambda user: services.import_file("persons.csv", content, by=user),
        effect=lambda: RegistryPerson.objects.count(),
        city_wide=True,  # the register belongs to the whole city, as a Person does
    )
