from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Holds ciphertext in the database and plaintext in Python.

    Only the owning helper (e.g. `core.mynumber`) should read the attribute; the value never
    goes into logs, URLs, exports or the audit chain.
    """

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return crypto.encrypt(value) if value else value
