"""控え (the PDF copy): the city's letterhead with the department's contact, 和暦 dates, and a
typical application on one page (no near-empty second page)."""

import io

import pypdfium2
import pytest
from django.urls import reverse

from madoguchi.applications.examples import example_data
from madoguchi.applications.services import submit_application
from madoguchi.identity.testing import login_resident


@pytest.fixture
def submitted(genkyo, resident):
    data = example_data(genkyo.current_version.schema)
    return submit_application(genkyo, applicant=resident, data=data, channel="online", by=resident.user)


def _pages(client, application, resident, language="ja") -> list[str]:
    login_resident(client, resident)
    client.cookies["madoguchi_language"] = language
    response = client.get(reverse("applications:copy_pdf", args=[application.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(io.BytesIO(response.content))
    return [page.get_textpage().get_text_range() for page in document]


def test_copy_has_the_letterhead_and_the_department_to_call(client, submitted, resident):
    pages = _pages(client, submitted, resident)
    first = pages[0]
    department = submitted.procedure.department
    assert first.lstrip().startswith("国分寺市")  # the letterhead comes first
    assert department.name in first and department.phone and department.phone in first
    assert "〒185-8501" in first
    assert "受付番号: R" in first


def test_copy_dates_read_in_wareki(client, submitted, resident):
    text = "".join(_pages(client, submitted, resident))
    assert "令和2(2020)年4月1日" in text  # the child's birth date, stored as 2020-04-01
    assert "2020-04-01" not in text
    assert "受付日時: 令和" in text and "印刷日: 令和" in text


def test_a_typical_application_fits_on_one_page(client, submitted, resident):
    pages = _pages(client, submitted, resident)
    assert len(pages) == 1, [len(p) for p in pages]
    assert "1 / 1" in pages[0]


def test_copy_in_english_uses_english_dates(client, submitted, resident):
    text = "".join(_pages(client, submitted, resident, language="en"))
    assert "1 April 2020 (Reiwa 2)" in text
    assert "Copy of your application" in text
