import re

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from .payments.sandbox import luhn_ok
from .services import normalize_number

MAX_PDF_BYTES = 20 * 1024 * 1024
NUMBER_RE = re.compile(r"[A-Z0-9-]{1,40}")  # what next_document_number issues, e.g. R8-RS-000001-K7QD


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("文書番号"),
        required=False,
        max_length=40,
        help_text=_("文書の右上とQRコードの横に書かれています（例：R8-RS-000001-K7QD）"),
    )
    file = forms.FileField(
        label=_("PDFファイル"),
        required=False,
        help_text=_(
            "受け取ったPDFをそのまま選ぶと、市が交付したものから変更されていないかを確かめます（20MBまで）"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # clean_number's message covers NUL too; Django's Japanese one reads 「何か文字を入力してください」
        field = self.fields["number"]
        field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def clean_number(self):
        """Normalised (full-width, spaces, lower case); anything else is no number the city issued
        (and "a/b" cannot even be put into the page's address)."""
        number = normalize_number(self.cleaned_data.get("number") or "")
        if number and not NUMBER_RE.fullmatch(number):
            raise forms.ValidationError(
                _("文書番号は英数字とハイフンで入力してください（例：R8-RS-000001-K7QD）。")
            )
        return number

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(_("ファイルが大きすぎます。20MB以下のPDFを選んでください。"))
        data = upload.read()
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("PDFファイルを選んでください。"))
        return data

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("number") and not cleaned.get("file"):
            raise forms.ValidationError(_("文書番号を入力するか、PDFファイルを選んでください。"))
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("失効の理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("本人への通知と確認ページに表示されます（例：記載誤りのため再交付）"),
    )


class RefundForm(forms.Form):
    amount = forms.IntegerField(
        label=_("返金額（円）"),
        required=False,
        min_value=1,
        help_text=_("空欄のときは全額を返金します。1円単位の整数で入力してください"),
    )
    reason = forms.CharField(label=_("返金の理由"), max_length=500)


class CardForm(forms.Form):
    """The sandbox gateway's own card form (on the 'gateway' page, not the city's)."""

    card_number = forms.CharField(
        label=_("カード番号"),
        max_length=23,
        help_text=_("テスト用：4242 4242 4242 4242"),
        widget=forms.TextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}),
    )
    expiry = forms.RegexField(
        label=_("有効期限（月/年）"),
        regex=r"^(0[1-9]|1[0-2])\s*/\s*\d{2}$",
        help_text=_("例：12/30"),
        widget=forms.TextInput(attrs={"autocomplete": "cc-exp"}),
    )
    cvc = forms.RegexField(
        label=_("セキュリティコード"),
        regex=r"^\d{3,4}$",
        widget=forms.TextInput(attrs={"autocomplete": "cc-csc", "inputmode": "numeric"}),
    )

    def clean_card_number(self):
        number = "".join(self.cleaned_data["card_number"].split()).replace("-", "")
        if not luhn_ok(number):
            raise forms.ValidationError(_("カード番号が正しくありません。数字だけで入力してください。"))
        return number


class ReconciliationForm(forms.Form):
    date = forms.DateField(label=_("日付"), widget=forms.DateInput(attrs={"type": "date"}))


class SettlementForm(forms.Form):
    """精算データの照合: the day, the provider, and the file (or fetch it from the provider)."""

    date = forms.DateField(label=_("対象日"), widget=forms.DateInput(attrs={"type": "date"}))
    provider = forms.ChoiceField(label=_("決済事業者"), choices=[])
    file = forms.FileField(
        label=_("精算データ（CSV）"),
        required=False,
        help_text=_("空欄のときは決済事業者から取得します"),
        widget=forms.ClearableFileInput(attrs={"accept": "text/csv,.csv"}),
    )

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(code, code) for code in providers]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("ファイルが大きすぎます。5MB以下のCSVを選んでください。"))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("UTF-8のCSVファイルを選んでください。")) from None
