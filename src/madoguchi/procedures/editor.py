"""The back office's structured form editor: a schema as rows (step, field, label, kind, required,
choices, hint) and back. Fields the rows cannot express (repeated groups, conditions) are kept
as they are, and the raw JSON stays editable for them: a field's `show_if` lives in its UI schema
entry, which editing the row leaves as it is (only `widget` is set); removing the row removes it.
The conditions are checked when the version is saved (procedures.conditions.check_conditions)."""

from __future__ import annotations

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

KINDS = [
    ("text", _("文字")),
    ("textarea", _("文章（複数行）")),
    ("katakana", _("カタカナ")),
    ("date", _("日付")),
    ("jp-postal-code", _("郵便番号")),
    ("jp-phone", _("電話番号")),
    ("email", _("メールアドレス")),
    ("my-number", _("個人番号")),
    ("integer", _("整数")),
    ("boolean", _("チェック（はい・いいえ）")),
    ("consent", _("同意（チェック必須）")),
    ("choice", _("選択肢（ひとつ）")),
]
FORMATS = {"katakana", "date", "jp-postal-code", "jp-phone", "email", "my-number"}


def _kind(schema: dict, ui: dict) -> str | None:
    if schema.get("type") == "array" or "properties" in schema:
        return None
    if schema.get("type") == "boolean":
        return "consent" if schema.get("const") is True else "boolean"
    if schema.get("enum"):
        return "choice"
    if schema.get("type") == "integer":
        return "integer"
    if schema.get("format") in FORMATS:
        return schema["format"]
    return "textarea" if ui.get("widget") == "textarea" else "text"


def schema_to_rows(schema: dict, ui_schema: dict) -> list[dict]:
    rows = []
    ui_fields = (ui_schema or {}).get("fields") or {}
    titles = {s["key"]: s for s in (ui_schema or {}).get("steps") or []}
    for step, step_schema in (schema.get("properties") or {}).items():
        required = set(step_schema.get("required") or [])
        for name, field in (step_schema.get("properties") or {}).items():
            kind = _kind(field, ui_fields.get(f"{step}.{name}", {}))
            if kind is None:
                continue
            rows.append(
                {
                    "step": step,
                    "step_title": titles.get(step, {}).get("title") or step_schema.get("title", step),
                    "name": name,
                    "title": field.get("title", ""),
                    "title_en": field.get("x-title-en", ""),
                    "kind": kind,
                    "required": name in required,
                    "choices": "\n".join(field.get("enum") or []),
                    "description": field.get("description", ""),
                }
            )
    return rows


def rows_to_schema(rows: list[dict], schema: dict, ui_schema: dict) -> tuple[dict, dict]:
    """Apply edited rows to copies of the schema and UI schema (rows with an empty name are skipped)."""
    schema = copy.deepcopy(schema)
    ui_schema = copy.deepcopy(ui_schema or {})
    ui_schema.setdefault("steps", [])
    ui_schema.setdefault("fields", {})
    schema.setdefault("properties", {})
    schema.setdefault("required", [])
    schema.setdefault("type", "object")
    schema.setdefault("$schema", "https://json-schema.org/draft/2020-12/schema")
    seen: dict[str, set[str]] = {}
    for row in rows:
        step, name = row.get("step", "").strip(), row.get("name", "").strip()
        if not step or not name:
            continue
        step_schema = schema["properties"].setdefault(
            step,
            {
                "title": row.get("step_title") or step,
                "type": "object",
                "properties": {},
                "required": [],
                "additionalProperties": False,
            },
        )
        if step not in schema["required"]:
            schema["required"].append(step)
        if not any(s["key"] == step for s in ui_schema["steps"]):
            ui_schema["steps"].append({"key": step, "title": row.get("step_title") or step})
        seen.setdefault(step, set()).add(name)
        field = step_schema["properties"].get(name, {})
        old_enum = field.get("enum")
        for key in ("type", "format", "enum", "const"):
            field.pop(key, None)
        kind = row["kind"]
        if kind in ("boolean", "consent"):
            field["type"] = "boolean"
            if kind == "consent":
                field["const"] = True
        elif kind == "integer":
            field["type"] = "integer"
        elif kind == "choice":
            field["type"] = "string"
            field["enum"] = [c.strip() for c in row.get("choices", "").splitlines() if c.strip()] or ["—"]
        else:
            field["type"] = "string"
            if kind in FORMATS:
                field["format"] = kind
        if field.get("enum") != old_enum:
            field.pop("x-enum-en", None)
        field["title"] = row.get("title") or name
        if row.get("title_en"):
            field["x-title-en"] = row["title_en"]
        if row.get("description"):
            field["description"] = row["description"]
        else:
            field.pop("description", None)
        step_schema["properties"][name] = field
        required = list(step_schema.get("required", []))
        if row.get("required") and name not in required:
            required.append(name)
        elif not row.get("required") and name in required:
            required.remove(name)
        step_schema["required"] = required
        widget = {
            "textarea": "textarea",
            "date": "date",
            "boolean": "checkbox",
            "consent": "checkbox",
            "choice": "radio",
            "integer": "number",
        }.get(kind, "text")
        ui_schema["fields"].setdefault(f"{step}.{name}", {})["widget"] = widget
    # simple fields removed from the rows are removed from the form
    for step, names in seen.items():
        step_schema = schema["properties"][step]
        for name in list(step_schema["properties"]):
            field = step_schema["properties"][name]
            if name not in names and _kind(field, {}) is not None:
                del step_schema["properties"][name]
                step_schema["required"] = [r for r in step_schema.get("required", []) if r != name]
                ui_schema["fields"].pop(f"{step}.{name}", None)
    return schema, ui_schema


class FieldRowForm(forms.Form):
    step = forms.SlugField(label=_("画面（キー）"), required=False)
    step_title = forms.CharField(label=_("画面の見出し"), required=False)
    name = forms.SlugField(label=_("項目（キー）"), required=False)
    title = forms.CharField(label=_("項目名"), required=False)
    title_en = forms.CharField(label=_("項目名（英語）"), required=False)
    kind = forms.ChoiceField(label=_("種類"), choices=KINDS, initial="text")
    required = forms.BooleanField(label=_("必須"), required=False)
    choices = forms.CharField(
        label=_("選択肢（1行に1つ）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(label=_("説明"), required=False)


FieldRowFormSet = forms.formset_factory(FieldRowForm, extra=2)
