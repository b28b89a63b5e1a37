from django.conf import settings
from django.core.mail import EmailMessage

from .base import notifiers


class EmailNotifier:
    """Mail through Django's configured email backend (SMTP in production, files in the demo)."""

    code = "email"

    def address_for(self, person, user) -> str:
        return (person.email if person else "") or (user.email if user else "")

    def send(self, *, address: str, subject: str, body: str, key: str = "") -> None:
        # The delivery key is the Message-ID: a resend after a redelivered task is the same
        # message, which mail systems and clients show once.
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "madoguchi.invalid"
        headers = {"Message-ID": f"<{key}@{domain}>"} if key else {}
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address], headers=headers).send()


notifiers.register(EmailNotifier())
