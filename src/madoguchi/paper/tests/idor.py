"""IDOR registrations for paper routes (tests/quality/idor.py)."""

from tests.quality.idor import IdorCase, object_factory, public

MARKER = "idor-paper-marker"  # shown only to the owning department's staff

public("paper:printable_form", "the empty printable form of a published procedure (no personal data)")


@object_factory("paper_staff:template", "paper_staff:template_pdf")
def template_page():
    from .factories import template

    item = template()
    item.title = MARKER
    item.save(update_fields=["title"])
    return IdorCase(kwargs={"pk": item.pk}, department=item.department, marker=MARKER)


@object_factory("paper_staff:template_retire")
def template_retire():
    from .factories import template

    item = template()
    return IdorCase(kwargs={"pk": item.pk}, department=item.department, owner_status=405)


@object_factory("paper_staff:template_page")
def drawn_template_page():
    from django.core.files.base import ContentFile

    from madoguchi.paper.models import FormTemplate

    from .factories import png, template

    item = template()
    item.source = FormTemplate.Source.DRAWN
    item.original.save("city-form.png", ContentFile(png(420, 594, 250)), save=False)
    item.layout = {"form_code": "", "pages": 1, "zones": []}
    item.save()
    return IdorCase(kwargs={"pk": item.pk, "page": 1}, department=item.department)


@object_factory("paper_staff:batch", "paper_staff:batch_progress")
def batch_page():
    from .factories import batch

    item = batch(name=f"{MARKER}.png")
    return IdorCase(kwargs={"pk": item.pk}, department=item.department, marker=MARKER)


@object_factory("paper_staff:batch_resume")
def batch_resume():
    from .factories import batch

    item = batch()
    return IdorCase(kwargs={"pk": item.pk}, department=item.department, owner_status=405)


@object_factory("paper_staff:page_image")
def page_image():
    from .factories import read_form

    form = read_form()
    return IdorCase(kwargs={"pk": form.pages.get().pk}, department=form.department)


@object_factory("paper_staff:form")
def form_page():
    from .factories import GOOD, read_form

    form = read_form(values={**GOOD, "applicant.full_name": MARKER})
    return IdorCase(kwargs={"pk": form.pk}, department=form.department, marker=MARKER)


@object_factory("paper_staff:form_accept")
def form_accept():
    from .factories import read_form

    form = read_form()
    return IdorCase(kwargs={"pk": form.pk}, department=form.department, owner_status=405)


@object_factory("paper_staff:crop")
def crop():
    from .factories import read_form

    form = read_form()
    return IdorCase(kwargs={"pk": form.fields.first().pk}, department=form.department)
