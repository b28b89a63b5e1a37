"""IDOR registrations for applications routes (tests/quality/idor.py): an application belongs to
its applicant and to the department that handles the procedure.

POST-only routes are registered with `owner_status=405`: the matrix only sends GET, and these views
check the application's owner (or department) before the method, so anyone else gets 403/404.
"""

from tests.quality.idor import IdorCase, object_factory, public

public(
    "applications:start",
    "the argument is a published procedure's code (the public catalog); starting opens a draft "
    "for the signed-in resident only (a GET, back from the login page, opens their own draft), "
    "and shows anyone else a login page naming the procedure",
)

SECRET_ADDRESS = "東京都国分寺市秘密町九丁目9番9号"  # typed into a draft: only its owner may see it
SECRET_FILE = "idor-secret-attachment.pdf"
SECRET_CONTENT = "idor-secret-content"  # inside the attached file
SECRET_PDF = f"%PDF-1.4\n%{SECRET_CONTENT}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()


def _procedure():
    from madoguchi.core.demo import DEPARTMENTS
    from madoguchi.core.models import Department
    from madoguchi.procedures.services import load_procedure_definition
    from madoguchi.procedures.tests.factories import definition

    for order, (code, name, name_en, kind, _parent, phone) in enumerate(DEPARTMENTS):
        Department.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "kind": kind, "phone": phone, "sort_order": order},
        )
    return load_procedure_definition(definition("jidou-teate-genkyo"))


def _submitted(attachment: bool = False):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from madoguchi.applications.services import submit_application
    from madoguchi.applications.tests.conftest import genkyo_data
    from madoguchi.core.tests.factories import PersonFactory
    from madoguchi.identity.testing import resident_user

    procedure = _procedure()
    resident = PersonFactory(family_name="窓口", given_name="花子")
    application = submit_application(
        procedure,
        applicant=resident,
        data=genkyo_data(),
        channel="online",
        by=resident_user(resident),
        attachments=[("bekkyo-kango", SimpleUploadedFile(SECRET_FILE, SECRET_PDF))] if attachment else (),
    )
    return application, resident, procedure.department


def _draft():
    """A resident's draft with an address typed in and a document attached (not submitted yet)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from madoguchi.applications.services import save_draft, start_application, store_attachment
    from madoguchi.applications.tests.conftest import genkyo_data
    from madoguchi.core.tests.factories import PersonFactory
    from madoguchi.identity.testing import resident_user

    procedure = _procedure()
    resident = PersonFactory()
    user = resident_user(resident)
    draft = start_application(procedure, applicant=resident, by=user)
    save_draft(draft, by=user, data=genkyo_data(address=SECRET_ADDRESS))
    store_attachment(draft, by=user, kind="bekkyo-kango", upload=SimpleUploadedFile(SECRET_FILE, SECRET_PDF))
    return draft, resident


@object_factory("applications:detail", "applications:copy_pdf", "api-v1:application-detail")
def resident_view_of_an_application():
    application, resident, _ = _submitted()
    return IdorCase(
        kwargs={"public_id": application.public_id}, resident=resident, marker=application.receipt_number
    )


@object_factory("applications:done", "applications:withdraw")
def resident_pages_of_a_submitted_application():
    application, resident, _ = _submitted()
    return IdorCase(
        kwargs={"public_id": application.public_id}, resident=resident, marker=application.receipt_number
    )


@object_factory("applications:step", "applications:check")
def resident_draft_answers():
    draft, resident = _draft()
    # Step 1 (受給者) and the check page both show the address the resident typed.
    return IdorCase(
        kwargs={"public_id": draft.public_id, "step": 1}, resident=resident, marker=SECRET_ADDRESS
    )


@object_factory("applications:attachments")
def resident_draft_attachments():
    draft, resident = _draft()
    return IdorCase(kwargs={"public_id": draft.public_id}, resident=resident, marker=SECRET_FILE)


@object_factory("applications:submit")
def resident_draft_submit():
    draft, resident = _draft()
    return IdorCase(kwargs={"public_id": draft.public_id}, resident=resident, owner_status=405)


@object_factory("applications:signed")
def resident_draft_back_from_signing():
    draft, resident = _draft()
    # The owner without a signature in the session is sent back to the check page.
    return IdorCase(kwargs={"public_id": draft.public_id}, resident=resident, owner_status=302)


@object_factory("applications:correct")
def resident_correction():
    from madoguchi.applications.services import request_correction
    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import staff_member

    application, resident, department = _submitted()
    reviewer = staff_member(department, StaffRole.Role.REVIEW, username="idor-reviewer")
    request_correction(application, by=reviewer, reason="IDOR確認用の補正理由")
    # 補正 starts at the first page: the owner is redirected there.
    return IdorCase(
        kwargs={"public_id": application.public_id},
        resident=resident,
        marker=application.receipt_number,
        owner_status=302,
    )


@object_factory("applications:attachment")
def attachment_download():
    application, resident, department = _submitted(attachment=True)
    attachment = application.attachments.get()
    return IdorCase(
        kwargs={"pk": attachment.pk}, resident=resident, department=department, marker=SECRET_CONTENT
    )


@object_factory("api-v1:application-transitions")
def api_transitions():
    application, resident, department = _submitted()
    return IdorCase(
        kwargs={"public_id": application.public_id},
        resident=resident,
        department=department,
        marker=application.receipt_number,
        owner_status=405,  # POST only; the application is looked up (and refused) first
    )


@object_factory("cases:case")
def staff_view_of_an_application():
    application, _, department = _submitted()
    return IdorCase(
        kwargs={"public_id": application.public_id}, department=department, marker=application.receipt_number
    )


@object_factory("cases:action", "cases:note", "cases:assign", "cases:reveal")
def staff_case_actions():
    application, _, department = _submitted()
    return IdorCase(
        kwargs={"public_id": application.public_id, "name": "start_review"},
        department=department,
        marker=application.receipt_number,
        owner_status=405,  # POST only; another department's staff are refused before the method check
    )
