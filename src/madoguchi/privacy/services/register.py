"""個人情報ファイル簿: the register, resolved against the models as they are now."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError
from django.utils.translation import gettext as _

from madoguchi.core import csvsafe
from madoguchi.core.models import Department

from .. import heuristics
from ..registry import FILES, NOT_PERSONAL, PersonalFile, declarations


@dataclass(frozen=True)
class Item:
    """One recorded item (記録項目): a model field of a file."""

    model_label: str
    field_name: str
    model_name: str  # the model's verbose name, in the current language
    label: str  # the field's verbose name, in the current language


@dataclass(frozen=True)
class RegisterFile:
    file: PersonalFile
    department_name: str
    items: list[Item]

    @property
    def item_labels(self) -> list[str]:
        """The items as the public register lists them: labels, once each, in declared order."""
        seen: list[str] = []
        for item in self.items:
            if item.label not in seen:
                seen.append(item.label)
        return seen


@dataclass(frozen=True)
class Unmarked:
    label: str  # "core.Person.email"
    kinds: list[str]

    def message(self) -> str:
        return (
            f"{self.label} looks like personal data ({', '.join(self.kinds)}) but is not in the "
            "個人情報ファイル簿: add it to the `fields` of its PersonalFile in "
            "src/madoguchi/privacy/registry.py (FILES), or to NOT_PERSONAL in privacy/not_personal.py with the reason"
        )


def _item(model_label: str, field_name: str) -> Item:
    model = apps.get_model(model_label)
    field = model._meta.get_field(field_name)
    label = str(getattr(field, "verbose_name", field_name))
    return Item(model_label, field_name, str(model._meta.verbose_name), label)


def _department_names() -> dict[str, str]:
    try:
        return dict(Department.objects.values_list("code", "name"))
    except DatabaseError:  # a fresh checkout without a database: the register still prints (codes)
        return {}


def register(*, public_only: bool = False) -> list[RegisterFile]:
    """The files of the register with their items, in declared order. `public_only`: the part the
    city publishes (files exempt under 法第75条第2項 are left out)."""
    names = _department_names()
    return [
        RegisterFile(
            file=personal_file,
            department_name=names.get(personal_file.department, personal_file.department),
            items=[
                _item(model_label, field_name)
                for model_label, field_names in personal_file.fields.items()
                for field_name in field_names
            ],
        )
        for personal_file in FILES
        if personal_file.public or not public_only
    ]


def register_file(code: str, *, public_only: bool = False) -> RegisterFile | None:
    return next((entry for entry in register(public_only=public_only) if entry.file.code == code), None)


CSV_HEADER = [
    "file_code",
    "個人情報ファイルの名称",
    "所管課",
    "利用目的",
    "根拠",
    "記録範囲",
    "収集方法",
    "経常的提供先",
    "保存期間",
    "記録項目",
    "model",
    "field",
    "特定個人情報",
    "要配慮個人情報",
    "公表",
]


def register_csv(*, public_only: bool = False) -> str:
    """One row per personal field of every model (the CSV of the register), UTF-8 text."""
    out = io.StringIO()
    writer = csvsafe.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    yes, no = _("あり"), _("なし")
    for entry in register(public_only=public_only):
        personal_file = entry.file
        for item in entry.items:
            writer.writerow(
                [
                    personal_file.code,
                    personal_file.name,
                    entry.department_name,
                    personal_file.purpose,
                    personal_file.legal_basis,
                    personal_file.scope,
                    personal_file.sources,
                    personal_file.recipients,
                    personal_file.retention,
                    f"{item.model_name}: {item.label}",
                    item.model_label,
                    item.field_name,
                    yes if personal_file.special else no,
                    yes if personal_file.sensitive else no,
                    yes if personal_file.public else no,
                ]
            )
    return out.getvalue()


def unmarked_fields() -> list[Unmarked]:
    """Fields the heuristics flag that the register neither lists nor explains."""
    declared = declarations()
    return [
        Unmarked(f"{model_label}.{name}", kinds)
        for model_label, name, kinds in heuristics.flagged_fields()
        if f"{model_label}.{name}" not in declared
    ]


def stale_declarations() -> list[str]:
    """Declarations naming a model or field that does not exist (a renamed field leaves one)."""
    stale = []
    for label in declarations():
        model_label, _dot, name = label.rpartition(".")
        try:
            apps.get_model(model_label)._meta.get_field(name)
        except (LookupError, FieldDoesNotExist, ValueError):
            stale.append(label)
    return stale


def declared_twice() -> list[str]:
    seen: dict[str, str] = {}
    twice = []
    for personal_file in FILES:
        for model_label, names in personal_file.fields.items():
            for name in names:
                label = f"{model_label}.{name}"
                if label in seen:
                    twice.append(f"{label} ({seen[label]}, {personal_file.code})")
                seen[label] = personal_file.code
    return twice


def not_personal_fields() -> list[tuple[str, str, str]]:
    """(model and field label, "app.Model.field", reason) for the fields judged not personal."""
    rows = []
    for label, reason in NOT_PERSONAL.items():
        model_label, _dot, name = label.rpartition(".")
        item = _item(model_label, name)
        rows.append((f"{item.model_name}: {item.label}", label, str(reason)))
    return rows
