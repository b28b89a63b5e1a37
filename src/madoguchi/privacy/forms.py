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
