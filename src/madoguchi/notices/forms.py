from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel
from .services.preferences import offered


def _choices(blank: str):
    labels = dict(Channel.choices)
    return [("", blank), *((code, labels[code]) for code in offered())]


class PreferenceForm(forms.Form):
    """連絡方法の希望: up to four channels in order, and the mobile number for SMS."""

    first = forms.ChoiceField(label=_("1番目に希望する連絡方法"), required=False)
    second = forms.ChoiceField(label=_("2番目に希望する連絡方法"), required=False)
    third = forms.ChoiceField(label=_("3番目に希望する連絡方法"), required=False)
    fourth = forms.ChoiceField(label=_("4番目に希望する連絡方法"), required=False)
    mobile = forms.CharField(
        label=_("SMSを受け取る携帯電話の番号"),
        required=False,
        max_length=20,
        help_text=_("SMSを選ぶときだけ入力してください（例：090-1234-5678）。"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first"].choices = _choices(_("選んでください"))
        for name in ("second", "third", "fourth"):
            self.fields[name].choices = _choices(_("なし"))

    def order(self) -> list[str]:
        return [self.cleaned_data.get(name, "") for name in ("first", "second", "third", "fourth")]
