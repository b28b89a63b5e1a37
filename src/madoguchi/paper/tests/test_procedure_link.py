"""The procedure's page links its printable OCR form while one is active (procedures' form_downloads)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_procedure_page_offers_the_printable_ocr_form_while_one_is_active(client):
    from madoguchi.paper.models import FormTemplate

    from .factories import template

    form = template()
    procedure = form.procedure_version.procedure
    procedure.channels = ["postal"]
    procedure.save(update_fields=["channels"])
    url = f"/paper/forms/{procedure.code}.pdf"
    assert url in client.get(f"/procedures/{procedure.code}/").content.decode()
    FormTemplate.objects.filter(pk=form.pk).update(state=FormTemplate.State.RETIRED)
    assert url not in client.get(f"/procedures/{procedure.code}/").content.decode()
