"""The one error every Japanese-data helper raises: a message a resident can act on."""

from django.core.exceptions import ValidationError


class JapaneseInputError(ValidationError):
    """Bad input, with a translated message that names what to fix (never a stack trace).

    A subclass of Django's ValidationError so forms and serializers show it next to the field.
    """

    def __init__(self, message, code: str = "invalid", params=None):
        super().__init__(message, code=code, params=params)

    def __str__(self) -> str:
        return " ".join(str(m) for m in self.messages)
