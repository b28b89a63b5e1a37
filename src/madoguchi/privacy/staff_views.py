"""Staff pages of privacy: the internal part of the register (every file, each item's model
field, the fields judged not personal and why)."""

from django.http import HttpResponse
from django.shortcuts import render

from madoguchi.identity.staff import staff_required

from . import services


@staff_required
def register(request):
    return render(
        request,
        "privacy/staff/register.html",
        {"files": services.register(), "not_personal": services.not_personal_fields()},
    )


@staff_required
def register_csv(request):
    response = HttpResponse(services.register_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="personal-information-files.csv"'
    return response
