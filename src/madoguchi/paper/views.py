"""Public pages: the printable form of a procedure, for residents who apply on paper (no
personal data: the empty form)."""

from django.http import Http404, HttpResponse

from . import services


def printable_form(request, code: str):
    template = services.public_form(code)
    if template is None:
        raise Http404
    data, name = services.printable_pdf(template)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "public, max-age=3600"
    return response
