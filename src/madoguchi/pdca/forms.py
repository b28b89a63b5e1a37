from django import forms
from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese.fiscal import format_fiscal_year

from .models import Review


def fiscal_year_choices(years):
    return [(fy, format_fiscal_year(fy)) for fy in years]


class IndicatorValueForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    value = forms.DecimalField(
        label=_("実績値"),
        max_digits=14,
        decimal_places=3,
        error_messages={"invalid": _("実績値は数字で入力してください（例：12 または 45.5）。")},
    )
    evidence_file = forms.FileField(
        label=_("証拠資料（ファイル）"),
        required=False,
        help_text=_("集計表や報告書など。ファイルかURLのどちらかがないと、承認も公開もできません。"),
    )
    evidence_url = forms.URLField(
        label=_("証拠資料（URL）"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("URLは https:// から始まる形で入力してください。")},
    )
    note = forms.CharField(label=_("備考"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices(years)


class ReviewForm(forms.ModelForm):
    fiscal_year = forms.TypedChoiceField(label=_("年度"), coerce=int)

    class Meta:
        model = Review
        fields = [
            "fiscal_year",
            "status",
            "plan_note",
            "do_note",
            "check_note",
            "act_note",
            "decided_changes",
            "resident_note",
        ]
        widgets = {
            "status": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [
                    "plan_note",
                    "do_note",
                    "check_note",
                    "act_note",
                    "decided_changes",
                    "resident_note",
                ]
            },
        }

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices(years)
        self.fields["status"].choices = list(Review.Status.choices)
        self.fields["status"].error_messages["required"] = _(
            "進捗状況を「順調」「遅れ」「見直し」から選んでください。"
        )
