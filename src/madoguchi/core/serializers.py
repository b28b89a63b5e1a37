"""What the apps' APIs share beyond DRF."""

from __future__ import annotations

import copy

from rest_framework import serializers


class ReadOnlySerializer(serializers.Serializer):
    """A serializer for responses: each instance gets shallow copies of the declared fields.

    DRF deep-copies every declared field for every serializer instance, which re-runs each
    field's __init__ (a ChoiceField rebuilds its choices): about 5 % of a submit, for a response
    whose fields nobody changes. A shallow copy is bound to its own serializer, as DRF's is; the
    arguments the field was declared with stay shared, and are only read."""

    def get_fields(self):
        for field in self._declared_fields.values():
            if not field.read_only:
                raise TypeError(f"{type(self).__name__}: a ReadOnlySerializer's fields are read-only")
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}
