"""IDOR registrations for procedures routes (tests/quality/idor.py): the catalog is public; the
back-office editor belongs to the department that owns the procedure."""

from tests.quality.idor import IdorCase, object_factory, public

public("procedures:detail", "the published catalog is public (an unpublished code is 404 for everyone)")
public(
    "api-v1:procedure-detail",
    "the public catalog API: published procedures and their current forms only (AllowAny, no personal data)",
)

SECRET_LEGAL_BASIS = "IDOR確認用の未公開の根拠法令第九十九条"


@object_factory("procedures_staff:edit")
def procedure_editor():
    from madoguchi.core.tests.factories import DepartmentFactory
    from madoguchi.procedures.services import load_procedure_definition
    from madoguchi.procedures.tests.conftest import definition

    department = DepartmentFactory()
    procedure = load_procedure_definition(
        {
            **definition("jidou-teate-genkyo"),
            "code": "idor-unpublished",
            "department": department.code,
            "legal_basis": SECRET_LEGAL_BASIS,
        },
        publish=False,
    )
    assert not procedure.is_published
    return IdorCase(kwargs={"code": procedure.code}, department=department, marker=SECRET_LEGAL_BASIS)
