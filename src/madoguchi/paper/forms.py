from django import forms
from django.utils.translation import gettext_lazy as _

from .fields import FieldKind


class UploadForm(forms.Form):
    department = forms.ChoiceField(label=_("部署"))
    template = forms.ChoiceField(
        label=_("市の様式（読取り位置を指定した様式のときだけ選びます）"), required=False
    )
    upload = forms.FileField(
        label=_("スキャンしたファイル（PDF・TIFF・JPEG・PNG）"),
        help_text=_("スキャナーで読み取ったファイルです。複数の申請書をまとめて取り込めます。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.tif,.tiff,.jpg,.jpeg,.png"}),
    )


class DrawForm(forms.Form):
    procedure = forms.ChoiceField(label=_("手続"))
    title = forms.CharField(label=_("様式名"), max_length=200, required=False)
    pages = forms.IntegerField(label=_("ページ数"), min_value=1, max_value=10, initial=1)
    original = forms.FileField(
        label=_("市の様式（PDF・PNG・JPEG・TIFF）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.tif,.tiff"}),
    )


class ZoneForm(forms.Form):
    key = forms.ChoiceField(label=_("申請書の項目"))
    kind = forms.ChoiceField(label=_("項目の種類"), choices=[(k.value, k.value) for k in FieldKind])
    page = forms.IntegerField(label=_("ページ"), min_value=1, initial=1)
    x = forms.FloatField(label=_("左端からの位置 x（mm）"), min_value=0, max_value=210)
    y = forms.FloatField(label=_("上端からの位置 y（mm）"), min_value=0, max_value=297)
    w = forms.FloatField(label=_("幅 w（mm）"), min_value=1, max_value=210)
    h = forms.FloatField(label=_("高さ h（mm）"), min_value=1, max_value=297)
    boxes = forms.IntegerField(
        label=_("1文字ずつの枠の数（自由記入は0）"), min_value=0, max_value=40, initial=0
    )
