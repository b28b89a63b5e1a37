from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .cards import card_holders
from .models import DemoCard


class EmailLoginForm(forms.Form):
    email = forms.EmailField(
        label=_("メールアドレス"),
        help_text=_("ログイン用のリンクをこのアドレスにお送りします。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class CardLoginForm(forms.Form):
    """The test IdP's stand-in for holding the card to the phone: pick a demo card, type the PIN."""

    card = forms.ModelChoiceField(
        label=_("カード（テスト用）"),
        queryset=DemoCard.objects.none(),
        empty_label=_("選択してください"),
        help_text=_("デモ環境では、カードを読み取る代わりにテスト用カードの持ち主を選びます。"),
    )
    pin = forms.CharField(
        label=_("利用者証明用電子証明書の暗証番号（数字4桁）"),
        min_length=4,
        max_length=4,
        validators=[RegexValidator(r"^[0-9]{4}$", _("暗証番号は数字4桁で入力してください。"))],
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["card"].queryset = DemoCard.objects.select_related("person").order_by(
            "person__family_name_kana", "person__given_name_kana", "pk"
        )
        self.fields["card"].label_from_instance = lambda card: card.person.full_name


class SigningPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("署名用電子証明書のパスワード（英数字6〜16文字）"),
        min_length=6,
        max_length=16,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


__all__ = ["CardLoginForm", "EmailLoginForm", "SigningPasswordForm", "card_holders"]
