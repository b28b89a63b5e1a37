import json

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


class OrderedJSONField(models.JSONField):
    """JSON kept as written, key order included.

    PostgreSQL's `jsonb` (Django's JSONField) sorts an object's keys by length: a form schema
    stored there came back with its fields in another order (転出先の市区町村 after 世帯全員が転出する).
    This field uses PostgreSQL's `json` type, which keeps the text, and is a plain JSONField
    elsewhere (SQLite keeps the text already). Not for key lookups in queries.
    """

    def db_type(self, connection):
        return "json" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        if connection.vendor != "postgresql" or value is None:
            return super().get_db_prep_value(value, connection, prepared)
        return json.dumps(value, cls=self.encoder, ensure_ascii=False)

    def from_db_value(self, value, expression, connection):
        if value is not None and not isinstance(value, str):  # psycopg already decoded `json`
            return value
        return super().from_db_value(value, expression, connection)
