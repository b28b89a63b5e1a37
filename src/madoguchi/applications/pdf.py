"""控え (a PDF copy of what was sent), rendered with WeasyPrint from an HTML template."""

from django.template.loader import render_to_string

from .display import answer_sections


def application_copy_pdf(application, *, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "applications/copy_pdf.html",
        {"application": application, "sections": answer_sections(application)},
        request=request,
    )
    return HTML(string=html).write_pdf()
