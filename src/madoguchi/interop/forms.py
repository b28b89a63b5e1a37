from django import forms
from django.utils.translation import gettext_lazy as _


class ArchiveForm(forms.Form):
    archive = forms.FileField(
        label=_("ぴったりサービスからダウンロードしたアーカイブ（ZIP）"),
        help_text=_(
            "申請データ（XML・CSV）と添付書類をまとめたファイルです。取込み済みの申請は二重に受け付けません。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )


class MappingForm(forms.Form):
    portal_code = forms.ChoiceField(label=_("ぴったりサービスの手続ID"))
    portal_field = forms.CharField(label=_("ぴったりサービスの項目"), max_length=200)
    target = forms.CharField(
        label=_("この仕組みの項目"),
        max_length=200,
        required=False,
        help_text=_(
            "様式の項目のパス（例: recipient.full_name）。添付書類は attachment:種類。空欄にすると取り込みません。"
        ),
    )


class RegistryFileForm(forms.Form):
    upload = forms.FileField(
        label=_("住民記録システムの連携ファイル（CSV）"),
        help_text=_("住民・世帯・住所の異動・受給資格のいずれかのレイアウト（1行目が項目名）。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv"}),
    )
