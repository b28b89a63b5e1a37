from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from madoguchi.core.models import Channel, Department, StaffRole

from .models import Assignment, BurdenMeasure, ClassTopic, QuestionBank, Topic

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _datetime(label):
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("日時は「2025-10-01 10:00」の形で入力してください。")},
    )


def _date(label):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("日付は「2025-10-01」の形で入力してください。")},
    )


class DepartmentChoiceForm(forms.Form):
    """A form whose first field is the department (among those where the user may act)."""

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            departments if departments is not None else Department.objects.none()
        )


class CourseForm(DepartmentChoiceForm):
    department = forms.ModelChoiceField(label=_("担当部署"), queryset=Department.objects.none())
    code = forms.SlugField(
        label=_("コード"), max_length=40, help_text=_("半角英数字とハイフン（例：security-2025）")
    )
    title = forms.CharField(label=_("名称"), max_length=120)
    topic = forms.ChoiceField(label=_("分野"), choices=Topic.choices)
    description = forms.CharField(label=_("概要"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    bank = forms.ModelChoiceField(
        label=_("確認テストの問題集"),
        queryset=QuestionBank.objects.all(),
        required=False,
        help_text=_("空欄のときは確認テストなし（教材を読んで受講完了）"),
    )
    questions_per_attempt = forms.IntegerField(label=_("1回の出題数"), min_value=1, max_value=50, initial=5)
    pass_mark = forms.IntegerField(label=_("合格点（%）"), min_value=1, max_value=100, initial=80)
    yearly = forms.BooleanField(label=_("毎年度の受講が必要（再認定）"), required=False)


class LessonForm(forms.Form):
    title = forms.CharField(label=_("題名"), max_length=120)
    body = forms.CharField(
        label=_("本文（Markdown）"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=50000,
        help_text=_("見出しは ##、画像は ![説明](https://…)、動画はリンク [動画](https://…) で書けます。"),
    )


class AssignmentForm(forms.Form):
    target = forms.ChoiceField(label=_("対象"), choices=Assignment.Target.choices, widget=forms.RadioSelect)
    target_department = forms.ModelChoiceField(
        label=_("対象の部署"), queryset=Department.objects.all(), required=False
    )
    target_role = forms.ChoiceField(
        label=_("対象の権限"), choices=[("", "—"), *StaffRole.Role.choices], required=False
    )
    opens_on = _date(_("受講開始日"))
    due_on = _date(_("受講期限"))


class AnswerForm(forms.Form):
    """The self-check: one radio group per question, valued by position in this attempt's order."""

    def __init__(self, *args, questions=(), english=False, **kwargs):
        super().__init__(*args, **kwargs)
        for n, (question, choices) in enumerate(questions):
            text = question.text_en if english and question.text_en else question.text
            self.fields[f"q{n}"] = forms.ChoiceField(
                label=f"{_('問')}{n + 1}. {text}",
                choices=[
                    (str(i), choice.text_en if english and choice.text_en else choice.text)
                    for i, choice in enumerate(choices)
                ],
                widget=forms.RadioSelect,
                required=False,  # the service names every unanswered question at once
            )


class ClassForm(DepartmentChoiceForm):
    department = forms.ModelChoiceField(label=_("担当部署"), queryset=Department.objects.none())
    title = forms.CharField(label=_("名称"), max_length=120)
    topic = forms.ChoiceField(label=_("内容"), choices=ClassTopic.choices)
    description = forms.CharField(label=_("説明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    starts_at = _datetime(_("開始日時"))
    ends_at = _datetime(_("終了日時"))
    facility = forms.ChoiceField(label=_("会場（市の公共施設）"), choices=())
    capacity = forms.IntegerField(label=_("定員"), min_value=1, max_value=500)

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = [("", "—"), *((p.id, p.name) for p in places)]
        self.fields["facility"].error_messages["required"] = _("会場を選んでください。")


class StaffRegistrationForm(forms.Form):
    name = forms.CharField(label=_("氏名"), max_length=80)
    phone = forms.CharField(label=_("電話番号"), max_length=20, required=False)
    channel = forms.ChoiceField(
        label=_("申込の方法"),
        choices=[(c.value, c.label) for c in (Channel.PHONE, Channel.COUNTER, Channel.POSTAL)],
        widget=forms.RadioSelect,
    )


SCALE_UNDERSTANDING = [
    (5, _("5 よく分かった")),
    (4, _("4 おおむね分かった")),
    (3, _("3 どちらともいえない")),
    (2, _("2 あまり分からなかった")),
    (1, _("1 分からなかった")),
]
SCALE_SATISFACTION = [
    (5, _("5 満足")),
    (4, _("4 やや満足")),
    (3, _("3 どちらともいえない")),
    (2, _("2 やや不満")),
    (1, _("1 不満")),
]


class SurveyForm(forms.Form):
    understanding = forms.TypedChoiceField(
        label=_("講習会の内容は分かりましたか（理解度）"),
        choices=SCALE_UNDERSTANDING,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("理解度を選んでください。")},
    )
    satisfaction = forms.TypedChoiceField(
        label=_("講習会に満足しましたか（満足度）"),
        choices=SCALE_SATISFACTION,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("満足度を選んでください。")},
    )
    comment = forms.CharField(
        label=_("ご意見・ご感想"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SupporterForm(DepartmentChoiceForm):
    department = forms.ModelChoiceField(label=_("担当部署"), queryset=Department.objects.none())
    name = forms.CharField(label=_("氏名"), max_length=80)
    phone = forms.CharField(label=_("電話番号"), max_length=20, required=False)
    email = forms.EmailField(label=_("メールアドレス"), required=False)
    national_promoter = forms.BooleanField(label=_("デジタル推進委員（国の制度）"), required=False)


class ShiftForm(forms.Form):
    starts_at = _datetime(_("開始日時"))
    ends_at = _datetime(_("終了日時"))
    place_name = forms.CharField(
        label=_("場所"), max_length=120, required=False, help_text=_("講習会を選んだときは空欄で構いません。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].required = False  # a class gives its own times


class MeasureForm(DepartmentChoiceForm):
    department = forms.ModelChoiceField(label=_("担当部署"), queryset=Department.objects.none())
    kind = forms.ChoiceField(label=_("種類"), choices=BurdenMeasure.Kind.choices)
    title = forms.CharField(label=_("名称"), max_length=120)
    held_on = _date(_("実施日"))
    facility = forms.ChoiceField(label=_("場所（市の公共施設）"), choices=(), required=False)
    place_name = forms.CharField(
        label=_("場所（施設以外）"), max_length=120, required=False, help_text=_("商業施設・駅前など")
    )
    applications = forms.IntegerField(label=_("受け付けた申請の件数"), min_value=0, initial=0)
    note = forms.CharField(label=_("備考"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = [("", "—"), *((p.id, p.name) for p in places)]

    def clean(self):
        data = super().clean()
        if not data.get("facility") and not data.get("place_name"):
            self.add_error("place_name", _("施設を選ぶか、場所を入力してください。"))
        return data
