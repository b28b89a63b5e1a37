"""core.serializers.ReadOnlySerializer: the same output as DRF's Serializer, without re-creating
the declared fields for each instance."""

import pytest
from rest_framework import fields, serializers

from madoguchi.core.serializers import ReadOnlySerializer

CHOICES = [("online", "オンライン"), ("paper", "紙")]


class Shown(ReadOnlySerializer):
    code = serializers.CharField(read_only=True)
    channel = serializers.ChoiceField(choices=CHOICES, read_only=True)
    tags = serializers.SerializerMethodField()

    def get_tags(self, obj) -> list[str]:
        return [self.context.get("who", ""), obj["code"]]


class ShownByDRF(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    channel = serializers.ChoiceField(choices=CHOICES, read_only=True)
    tags = serializers.SerializerMethodField()

    get_tags = Shown.get_tags


def test_the_output_is_drfs():
    row = {"code": "jidou-teate", "channel": "online"}
    assert Shown(row, context={"who": "a"}).data == ShownByDRF(row, context={"who": "a"}).data


def test_no_field_is_created_again(monkeypatch):
    created = []
    init = fields.Field.__init__

    def counted(self, *args, **kwargs):
        if not isinstance(self, serializers.BaseSerializer):
            created.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(fields.Field, "__init__", counted)
    Shown({"code": "x", "channel": "paper"}).data  # noqa: B018
    assert created == []
    ShownByDRF({"code": "x", "channel": "paper"}).data  # noqa: B018
    assert len(created) == 3  # what DRF does, and this class avoids


def test_each_instance_has_its_own_bound_fields():
    first, second = Shown({"code": "a", "channel": "online"}), Shown({"code": "b", "channel": "paper"})
    assert first.fields["tags"] is not second.fields["tags"]
    assert first.fields["tags"].parent is first and second.fields["tags"].parent is second
    assert getattr(Shown._declared_fields["tags"], "parent", None) is None  # the declared one stays unbound


def test_a_writable_field_is_refused():
    class Writable(ReadOnlySerializer):
        name = serializers.CharField()

    with pytest.raises(TypeError):
        Writable(data={"name": "x"}).is_valid()
