"""Forms built from a procedure's JSON Schema and UI schema: one step (a top-level object) per page.

The resident's pages, the staff's paper registration and the editor's preview all render a step
with `StepForm` (through `procedures.services`).

Fields are typed as the resident types them (full-width digits, ひらがな in a フリガナ field,
和暦 dates) and normalised here; the schema then validates the whole application on the server,
and its messages are shown next to each field and in the error summary.

Conditional fields (ui_schema `show_if`, see `procedures.conditions`): a field whose condition
depends on an earlier step is left out of the page when the condition is false; one whose
condition depends on the same page is rendered with `data-show-if` (conditions.js shows and hides
it) and a hint saying when to answer it, and its answer is dropped by `values()` when the
condition is false.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django import forms
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from madoguchi.core.japanese import (
    JapaneseInputError,
    normalize,
    normalize_phone,
    normalize_postal_code,
    parse_wareki,
    validate_katakana,
)

from .conditions import conditions_of, is_shown, prune, resident_hint, staff_hint
from .validation import collect_errors, description_of, title_of

MAX_ITEMS_DEFAULT = 10


def steps_of(version) -> list[dict]:
    ui = version.ui_schema or {}
    steps = ui.get("steps") or [
        {"key": k, "title": title_of(v, k)} for k, v in version.schema.get("properties", {}).items()
    ]
    en = get_language() == "en"
    return [
        {
            "key": s["key"],
            "title": _step_title(s, en),
            "help": (s.get("help_en") if en and s.get("help_en") else s.get("help", "")),
        }
        for s in steps
    ]


# A declarations step titled just 「確認」 would read twice in the step bar beside the check page
# (申請内容の確認); it is named by what it asks.
_RENAMED_STEPS = {"確認": gettext_noop("確認事項")}


def _step_title(step: dict, en: bool) -> str:
    if en and step.get("title_en"):
        return step["title_en"]
    title = step.get("title") or step["key"]
    return _(_RENAMED_STEPS[title]) if title in _RENAMED_STEPS else title


def _choices(schema: dict) -> list[tuple[str, str]]:
    labels = schema.get("x-enum-en") if get_language() == "en" and schema.get("x-enum-en") else schema["enum"]
    return [(str(v), str(label)) for v, label in zip(schema["enum"], labels, strict=False)]


def _clean_text(value: str, fmt: str | None) -> str:
    """Normalise what people type; leave anything unreadable as typed for the schema to reject."""
    value = value.strip()
    if not value:
        return value
    try:
        if fmt == "katakana":
            return validate_katakana(value, accept_hiragana=True)
        if fmt == "jp-postal-code":
            return normalize_postal_code(value)
        if fmt == "jp-phone":
            return normalize_phone(value)
        if fmt == "my-number":
            return "".join(ch for ch in unicodedata.normalize("NFKC", value) if ch not in " -")
        if fmt == "date":
            return _clean_date(value)
        if fmt == "email":
            return normalize(value)
    except JapaneseInputError:
        return value
    if _digits_only(value):  # 全角数字 in a code or number field
        return unicodedata.normalize("NFKC", value)
    return value


def _digits_only(value: str) -> bool:
    return unicodedata.normalize("NFKC", value).isdigit()


_WESTERN_DATE_RE = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")


def _clean_date(value: str) -> str:
    """「2024-04-01」「2024/4/1」「2024年4月1日」「令和6年4月1日」「R6.4.1」, in full or half width."""
    text = unicodedata.normalize("NFKC", value).strip()
    match = _WESTERN_DATE_RE.fullmatch(text)
    if match:
        try:
            return datetime.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return value  # 2024-02-30: the schema says the date does not exist
    try:
        return parse_wareki(value).isoformat()
    except JapaneseInputError:
        return value


def _field_for(name: str, schema: dict, ui: dict, required: bool) -> forms.Field | None:
    label = title_of(schema, name)
    hint = description_of(schema)
    widget = ui.get("widget", "")
    kind = schema.get("type")
    common = {"label": label, "help_text": hint, "required": required}
    required_message = _("「%(label)s」を入力してください。") % {"label": label}
    if kind == "boolean":
        return forms.BooleanField(label=label, help_text=hint, required=False)
    if kind == "array" and isinstance(schema.get("items"), dict) and schema["items"].get("enum"):
        return forms.MultipleChoiceField(
            choices=_choices(schema["items"]),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("「%(label)s」を選んでください。") % {"label": label}},
            **common,
        )
    if schema.get("enum"):
        choices = _choices(schema)
        if widget == "select":
            choices = [("", _("選んでください")), *choices]
            w = forms.Select
        else:
            w = forms.RadioSelect
        return forms.TypedChoiceField(
            choices=choices,
            widget=w,
            error_messages={
                "required": _("「%(label)s」を選んでください。") % {"label": label},
                "invalid_choice": _("「%(label)s」は選択肢の中から選んでください。") % {"label": label},
            },
            **common,
        )
    if kind in ("integer", "number"):
        return forms.CharField(
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            error_messages={"required": required_message},
            **common,
        )
    fmt = schema.get("format")
    attrs = {}
    if ui.get("autocomplete"):
        attrs["autocomplete"] = ui["autocomplete"]
    if fmt in ("jp-postal-code", "jp-phone", "my-number") or schema.get("pattern", "").startswith("^[0-9]"):
        attrs["inputmode"] = "numeric"
    if fmt == "my-number":
        attrs["autocomplete"] = "off"
    if widget == "textarea":
        w = forms.Textarea(attrs={"rows": 4, **attrs})
    elif fmt == "date":
        w = forms.TextInput(attrs={**attrs, "inputmode": "text"})
        # 和暦 or 西暦, half or full width: _clean_date reads them all
        example = _("例：令和7年4月1日、R7.4.1、2025/4/1")
        common["help_text"] = f"{hint} {example}" if hint else example
    elif fmt == "email":
        w = forms.EmailInput(attrs=attrs)
    else:
        w = forms.TextInput(attrs=attrs)
    return forms.CharField(
        widget=w, strip=True, max_length=None, error_messages={"required": required_message}, **common
    )


def _required_by_rules(schema: dict) -> set[str]:
    """Fields an object's `allOf` if/then may require (marked 必須 when shown)."""
    return {
        name
        for rule in schema.get("allOf") or []
        if isinstance(rule, dict)
        for name in (rule.get("then") or {}).get("required") or []
    }


class StepForm(forms.Form):
    """One step of a procedure's form. `values()` gives the step's data as the schema wants it.

    `context` is the application's data so far (the other steps' answers decide which conditional
    fields this step asks). Without it (staff pages that show every step at once, the editor's
    preview) every conditional field is rendered with its condition.
    """

    use_required_attribute = False
    error_css_class = "field--error"

    def __init__(
        self,
        *args,
        version,
        step_key: str,
        step_data: dict | None,
        prefilled: set[str] = frozenset(),
        item_count: int | None = None,
        context: dict | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.version = version
        self.step_key = step_key
        self.schema = version.schema["properties"][step_key]
        self.ui_fields = (version.ui_schema or {}).get("fields") or {}
        self.conditions = conditions_of(version.ui_schema)
        self.context = context
        step_data = step_data or {}
        self.groups: list[dict] = []  # repeated items (arrays of objects)
        self.paths: dict[str, str] = {}  # form field name → dotted data path
        required = set(self.schema.get("required", []))
        rules = _required_by_rules(self.schema)
        initial = {}
        for name, sub in (self.schema.get("properties") or {}).items():
            path = f"{step_key}.{name}"
            if not self._asked(path):
                continue
            if (
                sub.get("type") == "array"
                and isinstance(sub.get("items"), dict)
                and sub["items"].get("type") == "object"
            ):
                items = step_data.get(name) or []
                count = item_count if item_count is not None else max(len(items), sub.get("minItems", 1) or 1)
                count = min(max(count, 1), sub.get("maxItems", MAX_ITEMS_DEFAULT))
                group = {
                    "name": name,
                    "title": title_of(sub, name),
                    "schema": sub,
                    "rows": [],
                    "max": sub.get("maxItems", MAX_ITEMS_DEFAULT),
                    "path": path,
                    **self._condition_attrs(path),
                }
                item_required = set(sub["items"].get("required", []))
                item_rules = _required_by_rules(sub["items"])
                for index in range(count):
                    row = []
                    item = items[index] if index < len(items) and isinstance(items[index], dict) else {}
                    for item_name, item_schema in (sub["items"].get("properties") or {}).items():
                        item_path = f"{path}.{item_name}"
                        if not self._asked(item_path):
                            continue
                        field_name = f"{name}-{index}-{item_name}"
                        field = _field_for(
                            item_name,
                            item_schema,
                            self.ui_fields.get(item_path, {}),
                            item_name in item_required,
                        )
                        field.prefilled = False
                        self._mark(field, item_path, item_name in item_rules)
                        self.fields[field_name] = field
                        self.paths[field_name] = f"{path}.{index}.{item_name}"
                        row.append(field_name)
                        if item_name in item:
                            initial[field_name] = item[item_name]
                    group["rows"].append(row)
                self.groups.append(group)
                continue
            field = _field_for(name, sub, self.ui_fields.get(path, {}), name in required)
            field.prefilled = path in prefilled and name in step_data
            field.schema = sub
            self._mark(field, path, name in rules)
            self.fields[name] = field
            self.paths[name] = path
            if name in step_data:
                initial[name] = step_data[name]
        if not self.is_bound:
            self.initial = initial
        self._pair_postal_codes()

    def _pair_postal_codes(self) -> None:
        """A postal code field next to its address field (postal_code → address, new_postal_code
        → new_address) gets a 「住所を検索」 button (applications/postal.js) that fills the address."""
        for name, field in self.fields.items():
            if "postal_code" not in name:
                continue
            address = name.replace("postal_code", "address")
            if address in self.fields:
                field.widget.attrs["data-address-field"] = self.add_prefix(address)

    def _live(self, path: str) -> bool:
        """The field's condition is decided on this page (or on a page showing every step)."""
        condition = self.conditions.get(path)
        if condition is None:
            return False
        return self.context is None or condition.field.split(".")[0] == self.step_key

    def _asked(self, path: str) -> bool:
        """False for a field whose condition, decided on an earlier step, is not met: not rendered."""
        if path not in self.conditions or self._live(path):
            return True
        return is_shown(path, self.conditions, self.context)

    def _condition_attrs(self, path: str) -> dict:
        """What the templates need to show a conditional field's condition (empty for other fields)."""
        if not self._live(path):
            return {"show_if": "", "condition_hint": ""}
        condition = self.conditions[path]
        hint = staff_hint if self.context is None else resident_hint
        return {"show_if": condition.as_json(), "condition_hint": hint(condition, self.version.schema)}

    def _mark(self, field: forms.Field, path: str, required_by_rules: bool) -> None:
        """Attributes the field component renders: data-field / data-show-if, and the condition's
        hint; a conditional field that the schema requires when it applies is marked 必須."""
        attrs = self._condition_attrs(path)
        field.path = path
        field.show_if = attrs["show_if"]
        field.required_when_shown = bool(path in self.conditions and required_by_rules)
        hint = attrs["condition_hint"]
        if hint and field.help_text:
            field.help_text = f"{hint}{'' if hint.endswith('。') else ' '}{field.help_text}"
        elif hint:
            field.help_text = hint

    def _convert(self, name: str, value):
        field = self.fields[name]
        schema = self._schema_for(name)
        if isinstance(field, forms.BooleanField):
            return bool(value)
        if isinstance(field, forms.MultipleChoiceField):
            return list(value or [])
        if value in (None, ""):
            return None
        if schema.get("type") in ("integer", "number"):
            text = unicodedata.normalize("NFKC", str(value)).replace(",", "").strip()
            try:
                return int(text) if schema.get("type") == "integer" else float(text)
            except ValueError:
                return value  # the schema says what is wrong
        return _clean_text(str(value), schema.get("format"))

    def _schema_for(self, name: str) -> dict:
        if "-" in name:
            group, _index, item = name.split("-", 2)
            return self.schema["properties"][group]["items"]["properties"][item]
        return self.schema["properties"][name]

    def _keep(self, name: str, value) -> bool:
        if value is None:
            return False
        # an unticked declaration (const true) is "missing", not "false"
        return not (value is False and self._schema_for(name).get("const") is True)

    def _answers(self) -> tuple[dict, dict[str, dict[int, dict]]]:
        """The bound form's answers: top-level values, and each repeated group's rows by index."""
        data: dict = {}
        lists: dict[str, dict[int, dict]] = {g["name"]: {} for g in self.groups}
        raw = getattr(self, "cleaned_data", {})
        for name in self.fields:
            value = self._convert(name, raw.get(name, self.data.get(self.add_prefix(name))))
            if "-" in name:
                group, index, item = name.split("-", 2)
                row = lists[group].setdefault(int(index), {})
                if self._keep(name, value):
                    row[item] = value
            elif self._keep(name, value):
                data[name] = value
        return data, lists

    def _hidden_fields(self) -> set[str]:
        """Fields of this page whose condition the submitted answers do not meet (a condition on
        another step counts only when the form knows the other steps' answers)."""
        conditions = self.conditions
        if self.context is None:
            conditions = {p: c for p, c in conditions.items() if c.field.split(".")[0] == self.step_key}
        top, lists = self._answers()
        answers = {**(self.context or {}), self.step_key: top}
        hidden = set()
        for name in self.fields:
            if "-" in name:
                group, index, item = name.split("-", 2)
                path = f"{self.step_key}.{group}"
                row = lists[group].get(int(index), {})
                if not is_shown(path, conditions, answers) or not is_shown(
                    f"{path}.{item}", conditions, answers, row=row
                ):
                    hidden.add(name)
            elif not is_shown(f"{self.step_key}.{name}", conditions, answers):
                hidden.add(name)
        return hidden

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.conditions and self._errors:
            for name in self._hidden_fields():  # a question that does not apply has nothing wrong
                self._errors.pop(name, None)

    def values(self) -> dict:
        """The step's data from the bound form (after is_valid), empty values left out."""
        data, lists = self._answers()
        for group, rows in lists.items():
            data[group] = [
                row
                for _index, row in sorted(rows.items())
                if any(v not in (False, "", []) for v in row.values())
            ]
        if self.context is not None:  # answers to fields hidden on this page are dropped
            data = prune(self.version.ui_schema, {**self.context, self.step_key: data})[self.step_key]
        return data

    def apply_schema_errors(self, full_data: dict) -> bool:
        """Validate the whole application and attach the errors of this step to its fields."""
        errors = collect_errors(self.version.schema, prune(self.version.ui_schema, full_data))
        by_path = {v: k for k, v in self.paths.items()}
        found = False
        for path, messages in errors.items():
            if path != self.step_key and not path.startswith(self.step_key + "."):
                continue
            found = True
            target = by_path.get(path)
            if target is None:
                # an array as a whole ("status.list") or the step object itself
                parts = path.split(".")
                target = by_path.get(".".join(parts[:3])) if len(parts) > 3 else None
            for message in messages:
                # One message per field: the form's own check (「…を入力してください。」) already
                # said what is wrong; the schema's would repeat it at the field and in the summary.
                if target and target in self.fields:
                    if target not in self.errors:
                        self.add_error(target, message)
                elif message not in self.non_field_errors():
                    self.add_error(None, message)
        return not found

    def rows(self):
        """Top-level fields and repeated groups, in schema order, for the template."""
        out = []
        seen_groups = {g["name"]: g for g in self.groups}
        for name in self.schema.get("properties") or {}:
            if name in seen_groups:
                group = seen_groups[name]
                out.append({"group": group, "rows": [[self[f] for f in row] for row in group["rows"]]})
            elif name in self.fields:
                out.append({"field": self[name]})
        return out
