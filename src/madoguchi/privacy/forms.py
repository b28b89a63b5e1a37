from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessAlert


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
