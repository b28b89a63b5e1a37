from django import forms
from django.utils.translation import gettext_lazy as _

from madoguchi.core.models import Department

from .models import AccessAlert, AuditFinding, Incident


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("確認の結果"),
        choices=[(s.value, s.label) for s in (AccessAlert.Status.JUSTIFIED, AccessAlert.Status.ESCALATED)],
        widget=forms.RadioSelect,
        error_messages={"required": _("確認の結果を選んでください。")},
    )
    note = forms.CharField(
        label=_("確認した内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("確認した内容を入力してください（例：転入手続の集中処理のため）。")},
    )


class DisclosureRequestForm(forms.Form):
    """開示請求（書面）: who asks (as the request names them), its number and date, the format."""

    family_name = forms.CharField(
        label=_("氏"), max_length=40, error_messages={"required": _("請求者の氏を入力してください。")}
    )
    given_name = forms.CharField(
        label=_("名"), max_length=40, error_messages={"required": _("請求者の名を入力してください。")}
    )
    birth_date = forms.DateField(
        label=_("生年月日"),
        help_text=_("例：1980-04-01"),
        error_messages={
            "required": _("請求者の生年月日を入力してください。"),
            "invalid": _("生年月日は 1980-04-01 の形で入力してください。"),
        },
    )
    reference = forms.CharField(
        label=_("請求書の整理番号"),
        max_length=40,
        error_messages={"required": _("請求書の整理番号を入力してください。")},
    )
    received_on = forms.DateField(
        label=_("請求の受付日"),
        help_text=_("例：2025-06-10"),
        error_messages={
            "required": _("請求の受付日を入力してください。"),
            "invalid": _("受付日は 2025-06-10 の形で入力してください。"),
        },
    )
    format = forms.ChoiceField(
        label=_("形式"),
        choices=[("csv", "CSV"), ("json", "JSON")],
        widget=forms.RadioSelect,
        error_messages={"required": _("形式を選んでください。")},
    )


class QuarterForm(forms.Form):
    """Which quarter a page shows (GET) or a sign-off concerns (POST)."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2200)
    quarter = forms.TypedChoiceField(
        label=_("四半期"), coerce=int, choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)]
    )


class SignOffForm(QuarterForm):
    staff = forms.IntegerField(widget=forms.HiddenInput)
    department = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("確認した内容"), required=False, max_length=2000)


# --- the security office: audits, findings, incidents, legal holds ------------------------------

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _date(label, *, required_message, help_text=""):
    return forms.DateField(
        label=label,
        help_text=help_text or _("例：2025-10-01"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": required_message,
            "invalid": _("日付は「2025-10-01」の形で入力してください。"),
        },
    )


def _datetime(label, *, required=True, required_message="", help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text or _("例：2025-10-01 10:00"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": required_message,
            "invalid": _("日時は「2025-10-01 10:00」の形で入力してください。"),
        },
    )


def _severity(choices):
    return forms.ChoiceField(
        label=_("重要度"),
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("重要度を選んでください。")},
    )


class AuditPlanForm(forms.Form):
    """監査の計画: which department, in which 年度, on which day."""

    department = forms.ModelChoiceField(
        label=_("監査対象の部署"),
        queryset=Department.objects.order_by("code"),
        error_messages={
            "required": _("監査対象の部署を選んでください。"),
            "invalid_choice": _("監査対象の部署を選んでください。"),
        },
    )
    fiscal_year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2200,
        help_text=_("西暦で入力してください（例：2025）。"),
        error_messages={
            "required": _("年度を入力してください。"),
            "invalid": _("年度は西暦の数字で入力してください（例：2025）。"),
            "min_value": _("年度は西暦の数字で入力してください（例：2025）。"),
            "max_value": _("年度は西暦の数字で入力してください（例：2025）。"),
        },
    )
    planned_on = _date(_("予定日"), required_message=_("監査の予定日を入力してください。"))


class AuditPerformedForm(forms.Form):
    performed_on = _date(_("実施日"), required_message=_("監査の実施日を入力してください。"))


class FindingForm(forms.Form):
    """指摘事項: the checklist item missed, what was found, the corrective action and its due date."""

    item = forms.ChoiceField(
        label=_("チェック項目"),
        error_messages={
            "required": _("チェック項目を選んでください。"),
            "invalid_choice": _("チェック項目を選んでください。"),
        },
    )
    severity = _severity(AuditFinding.Severity.choices)
    description = forms.CharField(
        label=_("指摘の内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("指摘の内容を入力してください。")},
    )
    corrective_action = forms.CharField(
        label=_("是正措置"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("是正措置を入力してください（例：未受講者に研修を受講させる）。")},
    )
    due_date = _date(_("是正の期限"), required_message=_("是正の期限を入力してください。"))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—")] + [
            (item["code"], f"{item['code']} {item['text']}") for item in items
        ]


class FindingDoneForm(forms.Form):
    closed_on = _date(_("是正の完了日"), required_message=_("是正が完了した日を入力してください。"))


class IncidentFlagsForm(forms.Form):
    """What the investigation decides: severity, whether personal data leaked, how many persons."""

    severity = _severity(Incident.Severity.choices)
    personal_data_breach = forms.BooleanField(
        label=_("個人情報の漏えい等（個人情報保護委員会と本人への報告が必要）"), required=False
    )
    unauthorised_access = forms.BooleanField(
        label=_("不正アクセスによるもの（確報の期限は60日）"), required=False
    )
    affected_count = forms.IntegerField(
        label=_("本人の数"),
        min_value=0,
        initial=0,
        help_text=_("分からない場合は 0 と入力し、判明したら見直してください。"),
        error_messages={
            "required": _("本人の数を入力してください（分からない場合は 0）。"),
            "invalid": _("本人の数は 0 以上の数字で入力してください。"),
            "min_value": _("本人の数は 0 以上の数字で入力してください。"),
        },
    )


class IncidentForm(IncidentFlagsForm):
    """インシデントの登録."""

    title = forms.CharField(
        label=_("件名"), max_length=200, error_messages={"required": _("件名を入力してください。")}
    )
    description = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("何が起きたかを入力してください。")},
    )
    department = forms.ModelChoiceField(
        label=_("発生部署"),
        queryset=Department.objects.order_by("code"),
        error_messages={
            "required": _("発生部署を選んでください。"),
            "invalid_choice": _("発生部署を選んでください。"),
        },
    )
    detected_at = _datetime(
        _("覚知日時"),
        required_message=_("覚知日時（市が知った日時）を入力してください。"),
        help_text=_("市が知った日時。報告の期限はここから数えます（例：2025-10-01 10:00）。"),
    )

    field_order = [
        "title",
        "description",
        "department",
        "detected_at",
        "severity",
        "personal_data_breach",
        "unauthorised_access",
        "affected_count",
    ]


class ReportForm(forms.Form):
    """速報・確報・本人への通知: which report was made, and when."""

    report = forms.ChoiceField(
        label=_("行った報告"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("行った報告を選んでください。"),
            "invalid_choice": _("行った報告を選んでください。"),
        },
    )
    at = _datetime(
        _("報告の日時"),
        required=False,
        help_text=_("空欄の場合は今の日時で記録します（例：2025-10-01 10:00）。"),
    )

    def __init__(self, *args, clocks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [
            (clock.code, clock.label) for clock in clocks if clock.done_at is None
        ]


class IncidentCloseForm(forms.Form):
    actions = forms.CharField(
        label=_("行った対応"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("原因、再発防止策、本人への対応など。"),
        error_messages={"required": _("行った対応を入力してください。")},
    )


def _hold_reason():
    return forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("保存する理由を入力してください（例：訴訟のため）。")},
    )


class PersonHoldForm(forms.Form):
    """リーガルホールド on a resident, identified as in a 開示請求 (name and birth date)."""

    family_name = forms.CharField(
        label=_("氏"), max_length=40, error_messages={"required": _("住民の氏を入力してください。")}
    )
    given_name = forms.CharField(
        label=_("名"), max_length=40, error_messages={"required": _("住民の名を入力してください。")}
    )
    birth_date = _date(
        _("生年月日"), required_message=_("住民の生年月日を入力してください。"), help_text=_("例：1980-04-01")
    )
    reason = _hold_reason()


class ApplicationHoldForm(forms.Form):
    application_id = forms.IntegerField(
        label=_("申請の番号"),
        min_value=1,
        help_text=_("案件の画面のアドレスにある番号（例：/staff/cases/123/ の 123）。"),
        error_messages={
            "required": _("申請の番号を入力してください。"),
            "invalid": _("申請の番号は数字で入力してください。"),
            "min_value": _("申請の番号は数字で入力してください。"),
        },
    )
    reason = _hold_reason()
