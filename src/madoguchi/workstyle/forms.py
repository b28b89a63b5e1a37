from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Mode, SurveyAnswer, TeleworkPilot

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
DATE_ERRORS = {"invalid": _("日付は「2025-10-01」の形で入力してください。")}
YES_NO = [("yes", _("はい")), ("no", _("いいえ"))]


def _date(label, required_message):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**DATE_ERRORS, "required": required_message},
    )


class DepartmentChoice(forms.Form):
    """A form whose first field is one of the departments the user may act for."""

    department = forms.ChoiceField(label=_("部署"), error_messages={"required": _("部署を選んでください。")})

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(str(d.pk), d.name) for d in departments]


class MeetingForm(DepartmentChoice):
    title = forms.CharField(
        label=_("会議名"), max_length=200, error_messages={"required": _("会議名を入力してください。")}
    )
    agenda = forms.CharField(
        label=_("議題"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("議題を入力してください。")},
    )
    held_at = forms.DateTimeField(
        label=_("開催日時"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "invalid": _("日時は「2025-10-01 10:00」の形で入力してください。"),
            "required": _("開催日時を入力してください。"),
        },
    )
    mode = forms.ChoiceField(
        label=_("開催方法"),
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("開催方法（対面・オンライン・ハイブリッド）を選んでください。")},
    )
    meeting_url = forms.CharField(
        label=_("会議ツールのURL"),
        max_length=300,
        required=False,
        help_text=_("オンライン・ハイブリッドのとき、市の会議ツールで作成した会議のURL。"),
    )
    paper_printed = forms.ChoiceField(
        label=_("紙の資料を印刷した（する）"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("紙の資料を印刷したかどうかを選んでください。")},
    )
    printed_pages = forms.IntegerField(
        label=_("印刷した枚数（出席者分の合計）"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        error_messages={
            "invalid": _("印刷した枚数は数字で入力してください。"),
            "min_value": _("印刷した枚数は0以上の数にしてください。"),
        },
    )

    def clean_paper_printed(self):
        return self.cleaned_data["paper_printed"] == "yes"

    def clean_printed_pages(self):
        return self.cleaned_data.get("printed_pages") or 0


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("資料名"), max_length=200, error_messages={"required": _("資料名を入力してください。")}
    )
    file = forms.FileField(
        label=_("PDFファイル"), error_messages={"required": _("PDFファイルを選んでください。")}
    )


class VersionForm(forms.Form):
    document = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("新しい版のPDF"), error_messages={"required": _("PDFファイルを選んでください。")}
    )
    note = forms.CharField(label=_("変更内容"), max_length=300, required=False)


class PilotForm(DepartmentChoice):
    title = forms.CharField(
        label=_("名称"), max_length=200, error_messages={"required": _("名称を入力してください。")}
    )
    system_name = forms.CharField(
        label=_("テレワークシステム"),
        max_length=200,
        initial="自治体テレワークシステム for LGWAN",
        error_messages={"required": _("テレワークシステムの名称を入力してください。")},
    )
    starts_on = _date(_("開始日"), _("開始日を入力してください。"))
    ends_on = _date(_("終了日"), _("終了日を入力してください。"))
    target = forms.ChoiceField(
        label=_("対象"),
        choices=TeleworkPilot.Target.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("対象（全職員または管理職）を選んでください。")},
    )
    target_departments = forms.MultipleChoiceField(
        label=_("対象部署"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("対象部署を1つ以上選んでください。")},
    )

    def __init__(self, *args, all_departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_departments"].choices = [(str(d.pk), d.name) for d in all_departments]


class DayForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    on = _date(_("実施日"), _("実施日を入力してください。"))


class MemberDayForm(forms.Form):
    """The running department records a day for one member of the roster."""

    member = forms.ChoiceField(
        label=_("対象職員"), error_messages={"required": _("対象職員を選んでください。")}
    )
    on = _date(_("実施日"), _("実施日を入力してください。"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [
            (str(m.pk), f"{m.user.get_full_name() or m.user.get_username()}（{m.department.name}）")
            for m in members
        ]


class SurveyForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    usability = forms.TypedChoiceField(
        label=_("業務の進めやすさ（1：進めにくい 〜 5：進めやすい）"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("業務の進めやすさを1〜5から選んでください。")},
    )
    connection_trouble = forms.ChoiceField(
        label=_("接続の不具合があった"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("接続の不具合があったかどうかを選んでください。")},
    )
    would_continue = forms.ChoiceField(
        label=_("今後も利用したいか"),
        choices=SurveyAnswer.Continue.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("今後も利用したいかを選んでください。")},
    )
    comment = forms.CharField(
        label=_("意見・課題"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def clean_connection_trouble(self):
        return self.cleaned_data["connection_trouble"] == "yes"
