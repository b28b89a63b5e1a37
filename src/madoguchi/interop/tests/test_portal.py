"""Applications from ぴったりサービス: an archive built here is taken in once, lands in the
department's inbox with channel portal, and whatever does not map is on the review list."""

import pytest
from django.urls import reverse

from madoguchi.applications import services as applications
from madoguchi.core.models import Channel, StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.interop import services
from madoguchi.interop.models import FieldMapping, PortalSubmission, ReviewItem

from .factories import PORTAL_CODE, archive, family, genkyo, genkyo_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    return genkyo()


@pytest.fixture
def people(procedure):
    return family()


@pytest.fixture
def intake_staff(procedure):
    return staff_member(procedure.department, StaffRole.Role.RECEPTION, username="kodomo-uketsuke")


def sample(people):
    parent, child = people
    return archive(
        [
            ("PT-2026-0001", PORTAL_CODE, genkyo_fields(parent, child, 連絡を希望する時間帯="平日の午前中")),
            (
                "PT-2026-0002",
                PORTAL_CODE,
                genkyo_fields(parent, child, 配偶者の有無="はい", 配偶者との同居別居="同居"),
            ),
        ]
    )


def test_an_archive_becomes_applications_once_and_the_unmapped_field_is_on_the_review_list(
    procedure, people, intake_staff
):
    parent, child = people
    result = services.import_archive("pittari-20260601.zip", sample(people), by=intake_staff)
    assert result.archive.created == 2 and result.repeated == 0
    submissions = PortalSubmission.objects.order_by("portal_number")
    assert [s.state for s in submissions] == [PortalSubmission.State.ACCEPTED] * 2
    first = submissions[0].application
    assert first.channel == Channel.PORTAL == "portal"
    assert first.applicant == parent
    assert first.department == procedure.department
    assert first.receipt_number and first.state == applications.State.SUBMITTED
    assert first.data["recipient"]["full_name_kana"] == "マドグチ　ハナコ"
    assert first.data["status"]["list"][0]["full_name"] == child.full_name
    assert first.data["status"]["has_spouse"] is False and first.data["declarations"]["truthful"] is True
    # in the department's inbox (the staff work queue)
    queue = {row.code: row for row in applications.work_queue(intake_staff)}
    assert queue["jidou-teate-genkyo"].open == 2
    # the field nobody mapped is kept, on the review list, for the department
    items = list(services.review_items_for(intake_staff))
    assert [(i.kind, i.portal_field, i.value) for i in items] == [
        (ReviewItem.Kind.UNMAPPED_FIELD, "連絡を希望する時間帯", "平日の午前中")
    ]
    assert items[0].submission.application == first

    again = services.import_archive("pittari-20260601.zip", sample(people), by=intake_staff)
    assert again.archive.created == 0 and again.repeated == 2
    assert PortalSubmission.objects.count() == 2
    assert ReviewItem.objects.count() == 1


def test_an_unknown_procedure_an_unknown_applicant_and_an_unmapped_attachment_wait_for_review(
    procedure, people, intake_staff, settings
):
    settings.MADOGUCHI_PORTAL_INTAKE_DEPARTMENT = procedure.department.code
    parent, child = people
    stranger = genkyo_fields(parent, child, 申請者氏名フリガナ="ダレカ　シラナイ")
    content = archive(
        [
            ("PT-9", "PT-UNKNOWN", {"申請者氏名": "国分寺　太郎"}),
            ("PT-10", PORTAL_CODE, stranger),
            ("PT-11", PORTAL_CODE, genkyo_fields(parent, child)),
        ],
        files=[("就労証明書", "添付/PT-11/shuro.pdf", b"%PDF-1.4\n%test\n")],
    )
    services.import_archive("mixed.zip", content, by=intake_staff)
    kinds = {(i.submission.portal_number, i.kind) for i in ReviewItem.objects.all()}
    assert kinds == {
        ("PT-9", ReviewItem.Kind.UNKNOWN_PROCEDURE),
        ("PT-10", ReviewItem.Kind.NO_APPLICANT),
        ("PT-11", ReviewItem.Kind.ATTACHMENT),
    }
    assert (
        PortalSubmission.objects.get(portal_number="PT-11").application is not None
    )  # the file is kept aside
    assert PortalSubmission.objects.get(portal_number="PT-11").attachments.count() == 1
    assert PortalSubmission.objects.get(portal_number="PT-10").application is None


def test_staff_map_the_field_and_retry_a_waiting_application(procedure, people, intake_staff):
    parent, child = people
    content = archive([("PT-20", PORTAL_CODE, genkyo_fields(parent, child, 公簿確認="はい"))])
    FieldMapping.objects.filter(portal_field="記載内容に相違ない").update(
        portal_field="記載内容に相違ない（旧）"
    )
    services.import_archive("a.zip", content, by=intake_staff)
    submission = PortalSubmission.objects.get(portal_number="PT-20")
    assert submission.application is None  # 'truthful' is required: the form refuses it
    assert submission.review_items.filter(kind=ReviewItem.Kind.INVALID).exists()
    services.set_mapping(PORTAL_CODE, "記載内容に相違ない", "declarations.truthful", by=intake_staff)
    services.retry_submission(submission, by=intake_staff)
    submission.refresh_from_db()
    assert submission.application is not None and submission.application.channel == "portal"
    remaining = [i.portal_field for i in submission.review_items.filter(resolved_at__isnull=True)]
    assert remaining == ["公簿確認"]


def test_the_upload_page_takes_an_archive_in_and_shows_the_review_list(
    client, procedure, people, intake_staff
):
    login_staff(client, intake_staff)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("interop_staff:index"),
        {"archive": SimpleUploadedFile("pittari.zip", sample(people), content_type="application/zip")},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "連絡を希望する時間帯" in page and "PT-2026-0001" in page
    item = ReviewItem.objects.get()
    client.post(reverse("interop_staff:review"), {"item": item.pk, "action": "resolve"})
    item.refresh_from_db()
    assert item.resolved_by == intake_staff


def test_another_department_neither_sees_nor_resolves_the_item(procedure, people, intake_staff, client):
    from madoguchi.core.tests.factories import DepartmentFactory

    services.import_archive("pittari.zip", sample(people), by=intake_staff)
    other = staff_member(DepartmentFactory(code="other-ka"), StaffRole.Role.RECEPTION, username="other")
    assert list(services.review_items_for(other)) == []
    login_staff(client, other)
    item = ReviewItem.objects.get()
    client.post(reverse("interop_staff:review"), {"item": item.pk, "action": "resolve"})
    item.refresh_from_db()
    assert item.resolved_at is None


def test_a_file_that_is_not_an_archive_is_refused_with_a_message(procedure, intake_staff):
    with pytest.raises(services.ArchiveError, match="ZIP"):
        services.import_archive("x.zip", b"not a zip", by=intake_staff)


def test_the_command_takes_the_inbox_in(procedure, people, tmp_path, settings):
    from django.core.management import call_command

    settings.MADOGUCHI_PORTAL_INBOX = str(tmp_path)
    (tmp_path / "a.zip").write_bytes(sample(people))
    call_command("portal_import")
    assert PortalSubmission.objects.count() == 2
    assert (tmp_path / "done" / "a.zip").exists()
    call_command("portal_import")  # nothing left: nothing twice
    assert PortalSubmission.objects.count() == 2


def test_a_csv_archive_with_windows_file_names_is_read(procedure, people, intake_staff):
    """Zips made on Japanese Windows carry CP932 names without the UTF-8 flag."""
    import csv
    import io
    import zipfile

    parent, child = people
    fields = genkyo_fields(parent, child)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["申請番号", "手続ID", "申請日時", "添付ファイル", *fields])
    writer.writerow(
        ["PT-CSV-1", PORTAL_CODE, "2026/06/01", "委任状:添付/PT-CSV-1/委任状.pdf", *fields.values()]
    )
    buffer = io.BytesIO()
    names = {}
    with zipfile.ZipFile(buffer, "w") as z:
        for n, (name, content) in enumerate(
            (("申請データ.csv", out.getvalue().encode("utf-8")), ("添付/PT-CSV-1/委任状.pdf", b"%PDF-1.4\n"))
        ):
            raw = name.encode("cp932")  # as Windows writes it: CP932 bytes, no UTF-8 flag
            placeholder = (str(n) * len(raw)).encode()
            names[placeholder] = raw
            z.writestr(placeholder.decode(), content)
    content = buffer.getvalue()
    for placeholder, raw in names.items():
        content = content.replace(placeholder, raw)
    services.import_archive("windows.zip", content, by=intake_staff)
    submission = PortalSubmission.objects.get(portal_number="PT-CSV-1")
    assert submission.fields["申請者氏名"] == parent.full_name
    assert [(a.portal_kind, a.name) for a in submission.attachments.all()] == [("委任状", "委任状.pdf")]
    assert list(submission.review_items.values_list("message", flat=True)) == []
    assert submission.application.attachments.get().kind == "dairi"


def test_an_unexpected_failure_keeps_the_application_on_the_review_list(
    procedure, people, intake_staff, monkeypatch
):
    from madoguchi.interop.services import intake

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(intake.applications, "submit_application", broken)
    services.import_archive("pittari.zip", sample(people), by=intake_staff)
    assert PortalSubmission.objects.count() == 2
    assert set(ReviewItem.objects.values_list("kind", flat=True)) == {ReviewItem.Kind.INVALID}
    monkeypatch.undo()
    waiting = PortalSubmission.objects.get(portal_number="PT-2026-0002")
    services.retry_submission(waiting, by=intake_staff)
    waiting.refresh_from_db()
    assert waiting.application is not None
