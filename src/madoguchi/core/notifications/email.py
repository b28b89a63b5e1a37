from django.conf import settings
from django.core.mail import send_mail

from .base import notifiers


class EmailNotifier:
    """Mail through Django's configured email backend (SMTP in production, files in the demo)."""

    code = "email"

    def address_for(self, person, user) -> str:
        return (person.email if person else "") or (user.email if user else "")

    def send(self, *, address: str, subject: str, body: str) -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


notifiers.register(EmailNotifier())
