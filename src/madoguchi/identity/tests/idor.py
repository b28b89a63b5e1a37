"""IDOR registrations for identity routes (tests/quality/idor.py)."""

from tests.quality.idor import not_an_object

not_an_object(
    "identity:email_confirm",
    "the argument is a signed, expiring login token for an email address, not an object id",
)
