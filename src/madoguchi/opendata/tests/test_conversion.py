"""統計表 PDF/Excel → CSV: the project's sample PDF (two-row header, 全角 digits, ▲) comes back
cell by cell. The PDF is made by tests/data/make_sample_pdf.py (WeasyPrint) and committed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from madoguchi.identity.testing import login_staff
from madoguchi.opendata import conversion, services, tables
from madoguchi.opendata.models import ConversionJob

from .data.make_sample_pdf import EXPECTED_HEADER, EXPECTED_ROWS, PDF, ROWS


def test_sample_pdf_table_is_reproduced_cell_by_cell():
    [table] = conversion.extract_pdf(PDF.read_bytes())
    assert table.header == EXPECTED_HEADER
    assert table.rows == EXPECTED_ROWS
    assert any("単位" in note for note in table.notes) and any(note.startswith("注") for note in table.notes)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("１２，３４５", "12345"),
        ("▲１０５", "-105"),
        ("△3", "-3"),
        ("－", "0"),
        ("北町", "北町"),
        ("1.5", "1.5"),
        (None, ""),
    ],
)
def test_cells_are_normalised(cell, expected):
    assert conversion.clean_cell(cell) == expected


def test_excel_with_merged_two_row_header():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["町丁別人口（単位：人）"])
    sheet.append(["町名", "人口", None, None, "世帯数", "前年比増減"])
    sheet.append([None, "総数", "男", "女", None, None])
    sheet.merge_cells("B2:D2")
    sheet.merge_cells("A2:A3")
    for name, *values in ROWS[:3]:
        sheet.append([name, *(f"▲{-v}" if v < 0 else v for v in values)])
    buffer = io.BytesIO()
    book.save(buffer)
    [table] = conversion.extract_xlsx(buffer.getvalue())
    assert table.header == EXPECTED_HEADER
    assert table.rows == EXPECTED_ROWS[:3]


@pytest.mark.django_db
def test_staff_convert_review_and_publish(client, bosai, bosai_staff, django_capture_on_commit_callbacks):
    dataset = services.create_dataset(by=bosai_staff, organization=bosai, title="町丁別人口")
    login_staff(client, bosai_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/opendata/staff/convert/",
            {"file": SimpleUploadedFile("jinko.pdf", PDF.read_bytes(), "application/pdf")},
        )
    job = ConversionJob.objects.get()
    assert response.status_code == 302 and job.state == ConversionJob.State.DONE and job.progress == 100
    page = client.get(f"/opendata/staff/convert/{job.pk}/").content.decode()
    assert "人口_総数" in page and "10234" in page  # side by side: table read and CSV proposal

    corrected = job.csv_text.replace("北町", "北町（修正）")
    response = client.post(
        f"/opendata/staff/convert/{job.pk}/", {"dataset": dataset.pk, "csv_text": corrected, "name": ""}
    )
    assert response.status_code == 302
    resource = dataset.resources.get()
    header, rows = tables.read_csv(resource.file.read())
    assert header == EXPECTED_HEADER and rows[0][0] == "北町（修正）" and rows[1] == EXPECTED_ROWS[1]
    assert resource.datastore_active and resource.rows.count() == len(ROWS)


@pytest.mark.django_db
def test_a_file_without_tables_fails_calmly(bosai_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_conversion(by=bosai_staff, content=b"%PDF-1.4 broken", filename="broken.pdf")
    job.refresh_from_db()
    assert job.state == ConversionJob.State.FAILED and job.error
