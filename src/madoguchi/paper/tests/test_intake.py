"""Scan intake: upload, the task reading page by page, bad pages set aside, bad files refused
with nothing stored, and resuming after a worker died."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from tests.quality.uploads import ATTACKS, oversize

from madoguchi.core.models import Event, StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.paper import services
from madoguchi.paper.events import Verb
from madoguchi.paper.models import FieldReading, PaperForm, ScanBatch, ScanPage

from .factories import GOOD, template
from .scans import blank_page, printed, text_only_pdf, tiff

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_template():
    return template()


@pytest.fixture
def clerk(form_template):
    return staff_member(form_template.department, StaffRole.Role.RECEPTION, username="paper-clerk")


def upload(department, clerk, images, capture, **kwargs):
    with capture(execute=True):
        return services.upload_batch(department, by=clerk, upload=tiff(images), **kwargs)


def test_a_batch_is_read_into_forms_and_fields(form_template, clerk, django_capture_on_commit_callbacks):
    version = form_template.procedure_version
    pages = printed(version, GOOD) + printed(version, {**GOOD, "applicant.full_name": "紙野 太郎"})
    batch = upload(form_template.department, clerk, pages, django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert batch.state == ScanBatch.State.DONE
    assert (batch.pages_total, batch.pages_done, batch.percent) == (2, 2, 100)
    forms = list(PaperForm.objects.filter(batch=batch))
    assert len(forms) == 2
    keys = set(forms[0].fields.values_list("key", flat=True))
    assert set(GOOD) <= keys
    kana = forms[0].fields.get(key="applicant.full_name_kana")
    assert kana.kind == "katakana" and kana.crop and 0 <= kana.confidence <= 1
    assert kana.read_value.startswith("カミノ")  # exact kana accuracy is bench/ocr_accuracy.py's business
    read = dict(forms[0].fields.values_list("key", "read_value"))
    assert (read["applicant.birth_date"], read["applicant.postal_code"]) == ("1985-04-01", "185-8501")
    verbs = list(
        Event.objects.filter(subject_id=str(batch.pk), subject_type="paper.scanbatch").values_list(
            "verb", flat=True
        )
    )
    assert verbs == [Verb.BATCH_UPLOADED, Verb.BATCH_STARTED, Verb.BATCH_DONE]


def test_bad_pages_are_set_aside_with_the_reason(form_template, clerk, django_capture_on_commit_callbacks):
    version = form_template.procedure_version
    other = template(form_template.department)  # another procedure's form, then retired
    services.retire_template(other, by=staff_member(other.department, StaffRole.Role.APPROVAL))
    upside_down = printed(version, GOOD, turn=180)
    pages = [blank_page()] + printed(other.procedure_version, GOOD) + upside_down
    batch = upload(form_template.department, clerk, pages, django_capture_on_commit_callbacks)
    issues = dict(ScanPage.objects.filter(batch=batch).values_list("index", "issue"))
    assert issues == {0: ScanPage.Issue.BLANK, 1: ScanPage.Issue.RETIRED_VERSION, 2: ""}
    turned = ScanPage.objects.get(batch=batch, index=2)
    assert turned.rotated == 180 and turned.form is not None
    assert Event.objects.filter(verb=Verb.PAGE_SET_ASIDE).count() == 2


def test_a_page_without_a_form_code_is_another_form(form_template, clerk, django_capture_on_commit_callbacks):
    from PIL import ImageDraw

    page = blank_page()
    ImageDraw.Draw(page).rectangle((200, 300, 1400, 900), outline=0, width=8)
    batch = upload(form_template.department, clerk, [page], django_capture_on_commit_callbacks)
    assert ScanPage.objects.get(batch=batch).issue == ScanPage.Issue.OTHER_FORM


def test_a_text_only_pdf_is_refused_and_nothing_is_stored(form_template, clerk):
    with pytest.raises(ValidationError) as error:
        services.upload_batch(form_template.department, by=clerk, upload=text_only_pdf())
    assert "upload" in error.value.message_dict
    assert not ScanBatch.objects.exists()


@override_settings(MADOGUCHI_PAPER_MAX_PAGES=2)
def test_too_many_pages_are_refused_before_anything_is_created(form_template, clerk):
    images = [blank_page()] * 3
    with pytest.raises(ValidationError) as error:
        services.upload_batch(form_template.department, by=clerk, upload=tiff(images))
    assert "3ページ" in error.value.message_dict["upload"][0]
    assert not ScanBatch.objects.exists() and not Event.objects.filter(verb=Verb.BATCH_UPLOADED).exists()


@override_settings(MADOGUCHI_PAPER_MAX_MB=0)
def test_an_oversize_file_is_refused(form_template, clerk):
    with pytest.raises(ValidationError) as error:
        services.upload_batch(form_template.department, by=clerk, upload=tiff([blank_page()]))
    assert "大きすぎます" in error.value.message_dict["upload"][0]
    assert not ScanBatch.objects.exists()


def test_a_file_that_is_no_image_is_refused(form_template, clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        services.upload_batch(
            form_template.department, by=clerk, upload=SimpleUploadedFile("scan.pdf", b"not a pdf")
        )
    assert not ScanBatch.objects.exists()


def test_a_batch_resumes_after_its_worker_died(
    form_template, clerk, django_capture_on_commit_callbacks, monkeypatch
):
    from madoguchi.paper import tasks

    version = form_template.procedure_version
    pages = printed(version, GOOD) + printed(version, GOOD) + printed(version, GOOD)
    monkeypatch.setattr(tasks.process_batch, "delay", lambda pk: None)  # no worker takes it
    batch = upload(form_template.department, clerk, pages, django_capture_on_commit_callbacks)

    # The worker reads one page and dies (the loader stops after the first page).
    from madoguchi.paper import imaging

    real = imaging.load_pages

    def dies_after_one(data, name=""):
        for n, image in enumerate(real(data, name)):
            if n == 1:
                raise SystemExit("worker killed")
            yield image

    monkeypatch.setattr(imaging, "load_pages", dies_after_one)
    with pytest.raises(SystemExit):
        services.run_batch(batch.pk)
    batch.refresh_from_db()
    assert (batch.state, batch.pages_done) == (ScanBatch.State.RUNNING, 1)
    first_readings = set(FieldReading.objects.filter(form__batch=batch).values_list("pk", flat=True))

    assert not services.stuck_batches().exists()  # not yet: it may still be working
    ScanBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=30))
    monkeypatch.setattr(imaging, "load_pages", real)
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resume_stuck_batches() == 1
    batch.refresh_from_db()
    assert (batch.state, batch.pages_done) == (ScanBatch.State.DONE, 3)
    assert PaperForm.objects.filter(batch=batch).count() == 3  # the first page was not read twice
    assert first_readings <= set(FieldReading.objects.filter(form__batch=batch).values_list("pk", flat=True))
    assert Event.objects.filter(verb=Verb.BATCH_RESUMED).count() == 1


def test_only_a_stuck_batch_can_be_resumed_by_staff(form_template, clerk, django_capture_on_commit_callbacks):
    batch = upload(form_template.department, clerk, [blank_page()], django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.resume_batch(batch, by=clerk)


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.__name__)
def test_upload_attacks_are_refused_and_nothing_is_stored(form_template, clerk, attack):
    with pytest.raises(ValidationError) as error:
        services.upload_batch(form_template.department, by=clerk, upload=attack())
    assert error.value.message_dict["upload"]
    assert not ScanBatch.objects.exists()


@override_settings(MADOGUCHI_PAPER_MAX_MB=1)
def test_an_oversize_upload_is_refused(form_template, clerk):
    with pytest.raises(ValidationError) as error:
        services.upload_batch(form_template.department, by=clerk, upload=oversize(services.max_bytes()))
    assert "大きすぎます" in error.value.message_dict["upload"][0]
    assert not ScanBatch.objects.exists()


def test_the_resume_command_requeues_stuck_batches(
    form_template, clerk, monkeypatch, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    from madoguchi.paper import tasks

    queued = []
    monkeypatch.setattr(tasks.process_batch, "delay", queued.append)
    from .factories import batch

    stuck = batch(form_template.department, state=ScanBatch.State.RUNNING)
    ScanBatch.objects.filter(pk=stuck.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=30))
    batch(form_template.department, state=ScanBatch.State.DONE)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("paper", "resume", "--older-than", "10", stdout=out)
    assert "1" in out.getvalue() and queued == [stuck.pk]


def test_a_citys_own_form_is_read_by_the_zones_staff_drew(
    form_template, clerk, django_capture_on_commit_callbacks
):
    """The batch names the drawn form (no code on the page); its zones are read after registering
    the scan to the form's page image."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    version = form_template.procedure_version
    empty = printed(version, {})[0]
    original = io.BytesIO()
    empty.save(original, "PNG")
    manager = staff_member(form_template.department, StaffRole.Role.REVIEW, username="paper-drawer")
    drawn = services.draw_template(
        version, by=manager, title="市の様式", original=SimpleUploadedFile("city.png", original.getvalue())
    )
    postal = next(z for z in form_template.layout["zones"] if z["key"] == "applicant.postal_code")
    services.add_zone(drawn, by=manager, zone=postal)
    batch = upload(
        form_template.department,
        clerk,
        printed(version, GOOD),
        django_capture_on_commit_callbacks,
        template=drawn,
    )
    form = PaperForm.objects.get(batch=batch)
    assert form.template == drawn
    assert list(form.fields.values_list("key", "read_value")) == [("applicant.postal_code", "185-8501")]
