"""Which model fields look like personal data (個人情報らしい項目): the net under the register.

A flagged field must be declared in `privacy.registry`, either in a personal-information file
(個人情報ファイル) or as not personal with a reason; `privacy/tests/test_register.py` walks every
installed model and fails on a flagged field that is neither. The net is deliberately wide: a
false alarm costs one line with a reason, a miss costs a register that lies.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models

from madoguchi.core.fields import EncryptedTextField

# (kind, pattern on the field's name); the kinds are what the failure message names.
NAME_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("my_number", re.compile(r"my_?number|individual_number|kojin_?bango")),
    (
        "name",
        re.compile(
            r"(^|_)(family|given|first|last|full|display|contact|maiden)_name($|_)|username|actor_label"
        ),
    ),
    ("kana", re.compile(r"(^|_)kana($|_)|furigana")),
    ("address", re.compile(r"(^|_)(address|addr|jusho)($|_)|postal_code|zip")),
    ("birth_date", re.compile(r"birth|(^|_)dob($|_)")),
    ("phone", re.compile(r"phone|(^|_)tel($|_)|mobile|(^|_)fax($|_)")),
    ("email", re.compile(r"e?mail")),
]

FREE_TEXT_TYPES = (models.TextField, models.JSONField, models.BinaryField)


def _person_models() -> set[str]:
    return {"core.person", settings.AUTH_USER_MODEL.lower()}


def about_a_person(model: type[models.Model]) -> bool:
    """The record points at a resident or an account (so free text in it is about someone)."""
    people = _person_models()
    return (
        any(
            field.is_relation
            and isinstance(field.related_model, type)  # resolved: never the string "self" here
            and field.related_model._meta.label_lower in people
            for field in model._meta.concrete_fields
        )
        or model._meta.label_lower in people
    )


def flags(model: type[models.Model], field: models.Field) -> list[str]:
    """Why `field` of `model` looks like personal data (empty: it does not)."""
    found = [kind for kind, pattern in NAME_PATTERNS if pattern.search(field.name)]
    if isinstance(field, EncryptedTextField) and "my_number" not in found:
        found.append("encrypted")
    if isinstance(field, models.EmailField) and "email" not in found:
        found.append("email")
    if (
        isinstance(field, FREE_TEXT_TYPES)
        and not isinstance(field, EncryptedTextField)
        and about_a_person(model)
    ):
        found.append("free_text")
    return found


def flagged_fields() -> list[tuple[str, str, list[str]]]:
    """(model label, field name, kinds) for every concrete field of every installed model."""
    from django.apps import apps

    result = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            kinds = flags(model, field)
            if kinds:
                result.append((model._meta.label, field.name, kinds))
    return result
