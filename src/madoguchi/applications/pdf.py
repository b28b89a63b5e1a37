"""控え (a PDF copy of what was sent), rendered with WeasyPrint from an HTML template: the city's
letterhead, the department that handles it and how to reach it, dates in 和暦."""

import datetime
import re

from django.template.loader import render_to_string
from django.utils import timezone

from madoguchi.core.japanese.wareki import format_wareki
from madoguchi.core.models import Municipality

from .display import answer_sections

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _wareki_value(value: str) -> str:
    """An answer stored as 2020-04-01 reads 令和2(2020)年4月1日 on paper."""
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return format_wareki(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def copy_sections(application) -> list[dict]:
    sections = answer_sections(application)
    for section in sections:
        section["rows"] = [(label, _wareki_value(value), error) for label, value, error in section["rows"]]
    return sections


def application_copy_pdf(application, *, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "applications/copy_pdf.html",
        {
            "application": application,
            "sections": copy_sections(application),
            "department": application.procedure.department,
            "city": Municipality.current(),
            "printed_on": timezone.now(),
        },
        request=request,
    )
    return HTML(string=html).write_pdf()
