"""Conditional fields: a question asked only when an earlier answer calls for it.

A field's entry in the UI schema may carry a `show_if` (staff write it in the form editor's JSON):

    "fields": {
      "move.remaining_head_name": {"show_if": {"field": "move.whole_household", "equals": false}},
      "applicant.office_name": {"show_if": {"field": "applicant.relationship", "in": ["居宅介護支援事業者", "介護保険施設"]}},
      "event.detail": {"show_if": {"field": "event.reason", "equals": "その他"}},
      "status.list.address": {"show_if": {"field": "status.list.living", "equals": "別居"}},
      "change.list": {"show_if": {"field": "change.change_type", "not_equals": "徴収の中止"}}
    }

`show_if` is `{"field": <path>, <operator>: <value>}` with exactly one operator:
`equals` (one value), `not_equals` (one value) or `in` (a list of values).

- `field` names a field on the same step or an earlier one (`step.name`). A field inside a
  repeated group (`step.group.name`) may depend on another field of the same row
  (`step.group.other`) or on any `step.name`; a whole group (`step.group`) may have a condition.
- Values are written as the answer is stored: `true` / `false` for a checkbox, the Japanese choice
  for a choice (as in the schema's `enum`), a number for a number field.
- An unanswered controlling field, or one that is itself hidden, satisfies no condition (not even
  `not_equals`): the dependent field stays hidden. Conditions may chain, never loop.

A hidden field is not asked, not required, not shown afterwards, and whatever is sent for it is
dropped (`prune`). This matches JSON Schema's `if`/`then`: where the schema requires a field only
`if` an answer is given, its `show_if` must hold for that answer (`check_conditions` checks it).
The same language says when an attachment is needed: `required_attachments[].required` is true,
false, a condition, or `{"all": [condition, …]}` (`is_required`; a controlling field in a repeated
group is met by any row). Everything that decides visibility goes through this module: the step pages, the answers shown
on the check page, the PDF copy and the case page, the services that store data, the API.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .validation import title_of

OPERATORS = ("equals", "not_equals", "in")


@dataclass(frozen=True)
class Condition:
    """`field` (the controlling field's path), `op` (one of OPERATORS), `value` (a tuple for "in")."""

    field: str
    op: str
    value: object

    @classmethod
    def parse(cls, spec) -> Condition | None:
        """The condition a `show_if` describes, or None if it is malformed (see check_conditions)."""
        if not isinstance(spec, dict) or not isinstance(spec.get("field"), str) or not spec["field"]:
            return None
        ops = [op for op in OPERATORS if op in spec]
        if len(ops) != 1 or set(spec) != {"field", ops[0]}:
            return None
        value = spec[ops[0]]
        if ops[0] == "in":
            if not isinstance(value, list) or not value:
                return None
            value = tuple(value)
        if any(isinstance(v, dict | list) for v in (value if ops[0] == "in" else (value,))):
            return None
        return cls(field=spec["field"], op=ops[0], value=value)

    def holds_for(self, value) -> bool:
        """Whether an answer `value` satisfies the condition (call only for an answered field)."""
        if self.op == "equals":
            return _same(value, self.value)
        if self.op == "not_equals":
            return not _same(value, self.value)
        return any(_same(value, v) for v in self.value)

    def as_json(self) -> str:
        """The `show_if` again, for the field's `data-show-if` attribute (read by conditions.js)."""
        value = list(self.value) if self.op == "in" else self.value
        return json.dumps({"field": self.field, self.op: value}, ensure_ascii=False)


def _same(a, b) -> bool:
    # true is not 1 and "1" is not 1: a checkbox answer equals only true or false.
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


def conditions_of(ui_schema) -> dict[str, Condition]:
    """Field path ("step.name", "step.group", "step.group.name") → its well-formed condition."""
    fields = (ui_schema or {}).get("fields") if isinstance(ui_schema, dict) else None
    out: dict[str, Condition] = {}
    for path, spec in (fields or {}).items():
        if isinstance(spec, dict) and "show_if" in spec:
            condition = Condition.parse(spec["show_if"])
            if condition is not None:
                out[path] = condition
    return out


def same_row(path: str, controller: str) -> bool:
    """Both fields are in the same repeated group: the controller is read from the same row."""
    a, b = path.split("."), controller.split(".")
    return len(a) == 3 and len(b) == 3 and a[:2] == b[:2]


def _answer(data, path: str, row) -> tuple[bool, object]:
    parts = path.split(".")
    if len(parts) == 3:
        holder = row
    elif len(parts) == 2:
        holder = data.get(parts[0]) if isinstance(data, dict) else None
    else:
        holder = None
    if not isinstance(holder, dict) or parts[-1] not in holder or holder[parts[-1]] is None:
        return False, None
    return True, holder[parts[-1]]


def is_shown(path: str, conditions: dict[str, Condition], data, *, row=None, _seen: tuple = ()) -> bool:
    """Whether the field at `path` is asked, given the answers in `data` (and `row`, the repeated
    group's row the field is in)."""
    condition = conditions.get(path)
    if condition is None:
        return True
    if path in _seen:
        return False  # a loop (check_conditions refuses it): never shown
    controller_row = row if same_row(path, condition.field) else None
    if not is_shown(condition.field, conditions, data, row=controller_row, _seen=(*_seen, path)):
        return False
    answered, value = _answer(data, condition.field, controller_row)
    return answered and condition.holds_for(value)


def condition_holds(condition: Condition, conditions: dict[str, Condition], data) -> bool:
    """Whether the answers in `data` meet `condition` (a requirement, not a field's visibility).

    As for a field: the controlling field must be shown and answered. A controlling field inside a
    repeated group (`step.group.name`) is met when any row's answer meets it (a 別居 child among
    the children)."""
    parts = condition.field.split(".")
    if len(parts) != 3:
        answered, value = _answer(data, condition.field, None)
        return is_shown(condition.field, conditions, data) and answered and condition.holds_for(value)
    group = f"{parts[0]}.{parts[1]}"
    step = data.get(parts[0]) if isinstance(data, dict) else None
    rows = step.get(parts[1]) if isinstance(step, dict) else None
    if not isinstance(rows, list) or not is_shown(group, conditions, data):
        return False
    for row in rows:
        if not isinstance(row, dict) or not is_shown(condition.field, conditions, data, row=row):
            continue
        answered, value = _answer(data, condition.field, row)
        if answered and condition.holds_for(value):
            return True
    return False


def requirement_conditions(required) -> list[Condition] | None:
    """The conditions of an attachment's `required`: one `show_if`-style condition, or
    `{"all": [condition, …]}` when every one must hold (預貯金の写し of the spouse: not on 生活保護
    and married). [] for true/false; None if malformed."""
    if isinstance(required, bool) or required is None:
        return []
    specs = required.get("all") if isinstance(required, dict) and set(required) == {"all"} else [required]
    if not isinstance(specs, list) or not specs:
        return None
    parsed = [Condition.parse(spec) for spec in specs]
    conditions = [c for c in parsed if c is not None]
    return conditions if len(conditions) == len(parsed) else None


def is_required(required, ui_schema, data) -> bool:
    """An attachment's `required` (procedure `required_attachments[]`): true, false, or a condition
    in the `show_if` language over the answers (委任状 only when a proxy is paid). A malformed
    condition (check_requirements refuses it) requires the document, so nothing is let through."""
    if isinstance(required, bool) or required is None:
        return bool(required)
    conditions = requirement_conditions(required)
    if not conditions:
        return True
    shown = conditions_of(ui_schema)
    data = data if isinstance(data, dict) else {}
    return all(condition_holds(condition, shown, data) for condition in conditions)


def hidden_paths(ui_schema, data) -> list[str]:
    """The answers in `data` that belong to hidden fields, as data paths ("status.list.0.address")."""
    conditions = conditions_of(ui_schema)
    if not conditions or not isinstance(data, dict):
        return []
    hidden = []
    for path, _condition in conditions.items():
        parts = path.split(".")
        step = data.get(parts[0])
        if not isinstance(step, dict):
            continue
        if len(parts) == 2:
            if parts[1] in step and not is_shown(path, conditions, data):
                hidden.append(path)
        elif len(parts) == 3 and isinstance(step.get(parts[1]), list):
            if f"{parts[0]}.{parts[1]}" in hidden:
                continue
            for index, row in enumerate(step[parts[1]]):
                if (
                    isinstance(row, dict)
                    and parts[2] in row
                    and not is_shown(path, conditions, data, row=row)
                ):
                    hidden.append(f"{parts[0]}.{parts[1]}.{index}.{parts[2]}")
    # a group hidden as a whole takes its rows with it
    groups = {p for p in hidden if p.count(".") == 1}
    return [p for p in hidden if not any(p.startswith(g + ".") for g in groups)]


def prune(ui_schema, data):
    """A copy of `data` without the answers to hidden fields (`data` itself when nothing is hidden)."""
    paths = hidden_paths(ui_schema, data)
    if not paths:
        return data
    data = copy.deepcopy(data)
    for path in paths:
        parts = path.split(".")
        if len(parts) == 2:
            data[parts[0]].pop(parts[1], None)
        else:
            data[parts[0]][parts[1]][int(parts[2])].pop(parts[3], None)
    return data


# ---------------------------------------------------------------- describing a condition


def _field_schema(schema: dict, path: str) -> dict | None:
    parts = path.split(".")
    node = schema
    for index, part in enumerate(parts):
        if not isinstance(node, dict):
            return None
        if index == 2:  # inside a repeated group: the items' properties
            node = node.get("items") if isinstance(node.get("items"), dict) else None
            if node is None:
                return None
        node = (node.get("properties") or {}).get(part)
    return node if isinstance(node, dict) else None


def _label_of_value(schema: dict, value) -> str:
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    enum = schema.get("enum") or []
    labels = schema.get("x-enum-en") if get_language() == "en" and schema.get("x-enum-en") else enum
    if value in enum and enum.index(value) < len(labels or []):
        return str(labels[enum.index(value)])
    return str(value)


def describe(condition: Condition, schema: dict) -> str:
    """The condition in words, as the end of a sentence: 「世帯全員が転出する」にチェックしていない場合."""
    controller = _field_schema(schema, condition.field) or {}
    label = title_of(controller, condition.field.rsplit(".", 1)[-1])
    if controller.get("type") == "boolean" and condition.op != "in":
        ticked = condition.value is True if condition.op == "equals" else condition.value is False
        if ticked:
            return _("「%(label)s」にチェックした場合") % {"label": label}
        return _("「%(label)s」にチェックしていない場合") % {"label": label}
    values = condition.value if condition.op == "in" else (condition.value,)
    if get_language() == "en":
        shown = " or ".join(f"“{_label_of_value(controller, v)}”" for v in values)
    else:
        shown = "".join(f"「{_label_of_value(controller, v)}」" for v in values)
    words = {"label": label, "value": shown}
    if controller.get("enum") or controller.get("type") == "boolean":
        if condition.op == "not_equals":
            return _("「%(label)s」で%(value)s以外を選んだ場合") % words
        if len(values) > 1:
            return _("「%(label)s」で%(value)sのいずれかを選んだ場合") % words
        return _("「%(label)s」で%(value)sを選んだ場合") % words
    if condition.op == "not_equals":
        return _("「%(label)s」が%(value)s以外の場合") % words
    if len(values) > 1:
        return _("「%(label)s」が%(value)sのいずれかの場合") % words
    return _("「%(label)s」が%(value)sの場合") % words


def resident_hint(condition: Condition, schema: dict) -> str:
    """The hint next to a field whose controlling field is on the same page (read without JavaScript)."""
    return _("%(condition)sにお答えください。") % {"condition": describe(condition, schema)}


def staff_hint(condition: Condition, schema: dict) -> str:
    """The form editor's preview: when the field is shown."""
    return _("表示条件: %(condition)s") % {"condition": describe(condition, schema)}


def requirement_text(required, schema: dict) -> str:
    """When an attachment is needed, in words: 「必須」, 「任意」, or 「…を選んだ場合は必須」."""
    if isinstance(required, bool) or required is None:
        return _("必須") if required else _("任意")
    conditions = requirement_conditions(required)
    if not conditions:
        return _("必須")
    words = _("で、").join(describe(condition, schema) for condition in conditions)
    return _("%(condition)sは必須") % {"condition": words}


# ---------------------------------------------------------------- checking a form definition


def step_order(schema: dict, ui_schema) -> list[str]:
    steps = [s.get("key") for s in (ui_schema or {}).get("steps") or [] if isinstance(s, dict)]
    return steps or list((schema.get("properties") or {}).keys())


def _if_values(branch: dict) -> tuple[str, list] | None:
    """(controller name, the answers that make it true) of a simple `if` (one const or enum)."""
    props = branch.get("properties") or {}
    if len(props) != 1:
        return None
    [(name, test)] = props.items()
    if name not in (branch.get("required") or []) or not isinstance(test, dict):
        return None
    if "const" in test:
        return name, [test["const"]]
    if isinstance(test.get("enum"), list):
        return name, list(test["enum"])
    return None


def check_conditions(schema: dict, ui_schema) -> list[str]:
    """What is wrong with the UI schema's conditions, in words staff can act on ([] if nothing)."""
    problems: list[str] = []
    fields = ((ui_schema or {}).get("fields") or {}) if isinstance(ui_schema, dict) else {}
    order = step_order(schema, ui_schema)
    conditions: dict[str, Condition] = {}
    for path, spec in fields.items():
        if not isinstance(spec, dict) or "show_if" not in spec:
            continue
        condition = Condition.parse(spec["show_if"])
        if condition is None:
            problems.append(
                _(
                    "%(path)s の show_if の形が正しくありません。"
                    '{"field": "画面.項目", "equals": 値} のように、equals・not_equals・in のどれか1つを書いてください'
                    "（in は値の一覧）。"
                )
                % {"path": path}
            )
            continue
        conditions[path] = condition
    for path, condition in conditions.items():
        problems += _check_one(schema, order, path, condition)
    for path in conditions:
        seen, current = [path], conditions[path].field
        while current in conditions and current not in seen:
            seen.append(current)
            current = conditions[current].field
        if current == path:
            problems.append(_("%(path)s の表示条件が循環しています。") % {"path": " → ".join([*seen, path])})
    return problems


def _usable_controller(controller: dict) -> bool:
    """A checkbox, a choice, a text or a number: not a list, a group or a 個人番号."""
    return controller.get("type") not in ("array", "object") and controller.get("format") != "my-number"


def _impossible_values(controller: dict, condition: Condition) -> list:
    """The condition's values that can never be an answer to `controller`."""
    kind = controller.get("type")
    values = condition.value if condition.op == "in" else (condition.value,)
    return [
        value
        for value in values
        if (kind == "boolean" and not isinstance(value, bool))
        or (controller.get("enum") and value not in controller["enum"])
        or (kind in ("integer", "number") and (isinstance(value, bool) or not isinstance(value, int | float)))
    ]


def check_requirements(schema: dict, attachments) -> list[str]:
    """What is wrong with the attachments' `required` conditions against the form (`schema`)."""
    problems: list[str] = []
    for spec in attachments or []:
        required = spec.get("required") if isinstance(spec, dict) else None
        if isinstance(required, bool) or required is None:
            continue
        code = spec.get("code", "?")
        conditions = requirement_conditions(required)
        if conditions is None:
            problems.append(
                _(
                    "添付書類 %(code)s の required は true・false か、"
                    '{"field": "画面.項目", "equals": 値} の形の条件（equals・not_equals・in のどれか1つ）、'
                    'またはその一覧 {"all": [...]} にしてください。'
                )
                % {"code": code}
            )
            continue
        for condition in conditions:
            controller = _field_schema(schema, condition.field)
            if controller is None:
                problems.append(
                    _("添付書類 %(code)s が必要になる条件の項目 %(field)s が様式にありません。")
                    % {"code": code, "field": condition.field}
                )
                continue
            if not _usable_controller(controller):
                problems.append(
                    _(
                        "添付書類 %(code)s の条件には、%(field)s（チェック・選択肢・文字・数の項目）以外は使えません。"
                    )
                    % {"code": code, "field": condition.field}
                )
            for value in _impossible_values(controller, condition):
                problems.append(
                    _("添付書類 %(code)s の条件の値 %(value)s は、%(field)s の答えになりません。")
                    % {"code": code, "value": json.dumps(value, ensure_ascii=False), "field": condition.field}
                )
    return problems


def _check_one(schema: dict, order: list[str], path: str, condition: Condition) -> list[str]:
    target = _field_schema(schema, path)
    if target is None:
        return [_("表示条件のある項目 %(path)s が様式にありません。") % {"path": path}]
    controller = _field_schema(schema, condition.field)
    if controller is None:
        return [
            _("%(path)s の表示条件の項目 %(field)s が様式にありません。")
            % {"path": path, "field": condition.field}
        ]
    parts, cparts = path.split("."), condition.field.split(".")
    problems = []
    if len(cparts) == 3 and not same_row(path, condition.field):
        problems.append(
            _("%(path)s の表示条件に、別の繰り返し入力欄の項目 %(field)s は使えません。")
            % {"path": path, "field": condition.field}
        )
    if cparts[0] in order and parts[0] in order and order.index(cparts[0]) > order.index(parts[0]):
        problems.append(
            _(
                "%(path)s の表示条件の項目 %(field)s は、後の画面にあります。同じ画面か前の画面の項目にしてください。"
            )
            % {"path": path, "field": condition.field}
        )
    if not _usable_controller(controller):
        problems.append(
            _("%(path)s の表示条件には、%(field)s（チェック・選択肢・文字・数の項目）以外は使えません。")
            % {"path": path, "field": condition.field}
        )
    for value in _impossible_values(controller, condition):
        problems.append(
            _("%(path)s の表示条件の値 %(value)s は、%(field)s の答えになりません。")
            % {"path": path, "value": json.dumps(value, ensure_ascii=False), "field": condition.field}
        )
    # The schema must never require a field that is hidden.
    parent = (
        _field_schema(schema, ".".join(parts[:-1])) if len(parts) > 2 else schema["properties"].get(parts[0])
    )
    if len(parts) == 3 and isinstance(parent, dict):
        parent = parent.get("items") if isinstance(parent.get("items"), dict) else None
    if isinstance(parent, dict):
        if parts[-1] in (parent.get("required") or []):
            problems.append(
                _(
                    "%(path)s は必須の項目なので、表示条件を付けられません（JSON Schema の required から外してください）。"
                )
                % {"path": path}
            )
        for rule in parent.get("allOf") or []:
            if not isinstance(rule, dict) or parts[-1] not in (
                (rule.get("then") or {}).get("required") or []
            ):
                continue
            simple = _if_values(rule.get("if") or {})
            same_place = ".".join(cparts[:-1]) == ".".join(parts[:-1])
            if (
                simple is None
                or not same_place
                or simple[0] != cparts[-1]
                or not all(condition.holds_for(v) for v in simple[1])
            ):
                problems.append(
                    _(
                        "%(path)s は JSON Schema の if/then で必須になる場合がありますが、その場合に表示されません。"
                        "show_if を if と同じ条件にしてください。"
                    )
                    % {"path": path}
                )
    return problems
