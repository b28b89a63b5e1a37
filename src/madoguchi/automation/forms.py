from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Pilot, Requirement, Rule, ToolKind

DATE = forms.DateInput(attrs={"type": "date"})
DATE_ERRORS = {"invalid": _("日付は 2025-04-01 の形で入力してください。")}


class RequirementForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("種別"),
        choices=Requirement.Kind.choices,
        error_messages={"required": _("種別を選んでください。")},
    )
    label = forms.CharField(
        label=_("内容"),
        max_length=300,
        required=False,
        help_text=_("添付書類はその名称を（例：住民票の写し）。押印・書面・対面は、何に求めているか。"),
    )
    basis = forms.ChoiceField(label=_("根拠"), choices=Requirement.Basis.choices)


class DecisionForm(forms.Form):
    requirement = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("見直しの方針"),
        choices=Requirement.Decision.choices,
        error_messages={"required": _("見直しの方針を選んでください。")},
    )
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    decided_on = forms.DateField(label=_("決定日"), widget=DATE, required=False, error_messages=DATE_ERRORS)
    effective_on = forms.DateField(label=_("実施日"), widget=DATE, required=False, error_messages=DATE_ERRORS)


class ToolForm(forms.Form):
    department = forms.ChoiceField(label=_("部署"))
    kind = forms.ChoiceField(label=_("種類"), choices=ToolKind.choices)
    name = forms.CharField(
        label=_("名称"), max_length=120, error_messages={"required": _("名称を入力してください。")}
    )
    used_from = forms.DateField(
        label=_("利用開始日"),
        widget=DATE,
        error_messages={**DATE_ERRORS, "required": _("利用開始日を入力してください。")},
    )
    note = forms.CharField(
        label=_("用途"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(str(d.pk), d.name) for d in departments]


class PilotForm(ToolForm):
    """A pilot: the same department and kind as a tool, with what it is meant to show."""

    purpose = forms.CharField(
        label=_("目的"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("実証実験の目的を入力してください。")},
    )
    field_order = ["department", "kind", "name", "purpose", "used_from"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]
        self.fields["name"].label = _("ツール")
        self.fields["used_from"].label = _("開始日")
        self.fields["used_from"].error_messages["required"] = _("開始日を入力してください。")


class PilotResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("結果"),
        choices=[(r.value, r.label) for r in (Pilot.Result.ADOPTED, Pilot.Result.NOT_ADOPTED)],
        widget=forms.RadioSelect,
        error_messages={"required": _("結果（導入または見送り）を選んでください。")},
    )
    ended_on = forms.DateField(
        label=_("終了日"),
        widget=DATE,
        error_messages={**DATE_ERRORS, "required": _("終了日を入力してください。")},
    )
    findings = forms.CharField(
        label=_("結果の内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("結果の内容（効果・課題）を入力してください。")},
    )


class EndDateForm(forms.Form):
    """One date: when a tool's use ended, or when a migration stage was done."""

    on = forms.DateField(
        label=_("日付"),
        widget=DATE,
        error_messages={**DATE_ERRORS, "required": _("日付を入力してください。")},
    )


class RuleForm(forms.Form):
    """A rule with at most one condition (the service takes a list; the page asks for one)."""

    department = forms.ChoiceField(label=_("部署"))
    name = forms.CharField(
        label=_("名称"), max_length=120, error_messages={"required": _("ルールの名称を入力してください。")}
    )
    verb = forms.ChoiceField(label=_("きっかけ（イベント）"))
    procedure_code = forms.ChoiceField(label=_("手続"))
    condition_path = forms.CharField(
        label=_("条件の項目"),
        max_length=200,
        required=False,
        help_text=_("channel（受付チャネル）、state（状態）、data.項目名（申請の回答）。空なら条件なし。"),
    )
    condition_op = forms.ChoiceField(label=_("比べ方"), required=False)
    condition_value = forms.CharField(label=_("比べる値"), max_length=200, required=False)
    action = forms.ChoiceField(label=_("処理"), choices=Rule.Action.choices)
    assignee = forms.CharField(label=_("担当者のユーザー名（割当ての場合）"), max_length=150, required=False)
    text = forms.CharField(
        label=_("依頼・メモの文面"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args, departments=(), procedures=(), triggers=(), operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(str(d.pk), d.name) for d in departments]
        self.fields["procedure_code"].choices = [(p.code, p.name) for p in procedures]
        self.fields["verb"].choices = list(triggers)
        self.fields["condition_op"].choices = [("", "—"), *((operators or {}).items())]

    def rule_values(self) -> dict:
        data = self.cleaned_data
        conditions = []
        if data["condition_path"].strip():
            conditions.append(
                {
                    "path": data["condition_path"].strip(),
                    "op": data["condition_op"],
                    "value": data["condition_value"],
                }
            )
        params = {key: data[key].strip() for key in ("assignee", "text") if data[key].strip()}
        return {
            "name": data["name"],
            "verb": data["verb"],
            "procedure_code": data["procedure_code"],
            "action": data["action"],
            "conditions": conditions,
            "params": params,
        }
