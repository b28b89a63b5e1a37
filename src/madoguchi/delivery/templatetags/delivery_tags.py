"""`{% load delivery_tags %}{% delivery_panel application %}`: the application's fee payment and
issued documents, for the application pages (resident and staff)."""

from django import template

from ..models import IssuedDocument, Payment

register = template.Library()


def _subject(application) -> dict:
    return {"subject_type": application._meta.label_lower, "subject_id": str(application.pk)}


@register.inclusion_tag("delivery/application_panel.html", takes_context=True)
def delivery_panel(context, application):
    request = context.get("request")
    return {
        "request": request,
        "application": application,
        "payments": Payment.objects.filter(**_subject(application)),
        "documents": IssuedDocument.objects.filter(**_subject(application)),
    }
