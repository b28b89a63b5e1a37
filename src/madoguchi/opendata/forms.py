from django import forms
from django.utils.translation import gettext_lazy as _

from madoguchi.core.models import Department

from . import standards
from .models import Collaboration, DataRequest, Dataset, Frequency, Group, License, Showcase

MAX_UPLOAD = 20 * 1024 * 1024


class DatasetForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("担当部署"), queryset=None)
    title = forms.CharField(label=_("タイトル"), max_length=200)
    title_en = forms.CharField(label=_("タイトル（英語）"), max_length=200, required=False)
    notes = forms.CharField(label=_("説明"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    notes_en = forms.CharField(
        label=_("説明（英語）"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    standard_type = forms.ChoiceField(
        label=_("自治体標準オープンデータセット"),
        choices=standards.all_choices,
        required=False,
        help_text=_("標準の型を選ぶと、CSVの列・値を標準のスキーマで検証します。"),
    )
    tags = forms.CharField(
        label=_("タグ"),
        required=False,
        help_text=_("読点（、）またはカンマで区切って入力してください（例：防災、避難）。"),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("分類"), queryset=Group.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    license_id = forms.ChoiceField(label=_("ライセンス"), choices=License.choices, initial=License.CC_BY_40)
    frequency = forms.ChoiceField(label=_("更新頻度"), choices=Frequency.choices, initial=Frequency.ANNUAL)
    contact_name = forms.CharField(label=_("問い合わせ先"), max_length=100, required=False)
    contact_email = forms.EmailField(label=_("問い合わせ先メールアドレス"), required=False)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def tag_list(self) -> list[str]:
        text = self.cleaned_data.get("tags", "").replace("、", ",").replace("，", ",")
        return [t.strip() for t in text.split(",") if t.strip()]

    @staticmethod
    def initial_for(dataset: Dataset) -> dict:
        return {
            "organization": dataset.organization,
            "title": dataset.title,
            "title_en": dataset.title_en,
            "notes": dataset.notes,
            "notes_en": dataset.notes_en,
            "standard_type": dataset.standard_type,
            "tags": "、".join(t.name for t in dataset.tags.all()),
            "groups": list(dataset.groups.all()),
            "license_id": dataset.license_id,
            "frequency": dataset.frequency,
            "contact_name": dataset.contact_name,
            "contact_email": dataset.contact_email,
        }


class ResourceForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200, required=False)
    file = forms.FileField(
        label=_("ファイル"), required=False, help_text=_("CSV・Excel・PDFなど（20MBまで）")
    )
    url = forms.URLField(label=_("またはURL"), required=False, assume_scheme="https")
    standard_type = forms.ChoiceField(
        label=_("準拠するスキーマ"),
        choices=standards.all_choices,
        required=False,
        help_text=_("空欄のときはデータセットの標準データセットの型を使います（CSV・Excelのみ）。"),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if not upload and not data.get("url"):
            raise forms.ValidationError(_("ファイルを選ぶか、URLを入力してください。"))
        if upload and upload.size > MAX_UPLOAD:
            self.add_error("file", _("ファイルが大きすぎます（20MBまで）。"))
        return data


class ConversionForm(forms.Form):
    file = forms.FileField(
        label=_("統計表ファイル（PDFまたはExcel）"), help_text=_("罫線のある表を読み取ります。")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".pdf", ".xlsx", ".xlsm")):
            raise forms.ValidationError(_("PDFまたはExcel（.xlsx）ファイルを選んでください。"))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("ファイルが大きすぎます（20MBまで）。"))
        return upload


class ConversionPublishForm(forms.Form):
    dataset = forms.ModelChoiceField(label=_("登録先のデータセット"), queryset=None)
    name = forms.CharField(label=_("リソース名"), max_length=200, required=False)
    csv_text = forms.CharField(
        label=_("CSV（修正できます）"), widget=forms.Textarea(attrs={"rows": 16, "class": "mono"})
    )

    def __init__(self, *args, datasets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dataset"].queryset = datasets


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("用途"), max_length=100, help_text=_("例：東京都オープンデータカタログ連携")
    )


class DataRequestForm(forms.Form):
    """データ公開の要望 (what, why, in which format)."""

    title = forms.CharField(
        label=_("ほしいデータ"),
        max_length=200,
        help_text=_("例：市内のAED設置場所の一覧"),
    )
    description = forms.CharField(
        label=_("データの内容"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("ほしい項目、期間、範囲などを書いてください。"),
    )
    purpose = forms.CharField(
        label=_("使いたい目的"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例：地図アプリで表示したい、地域の課題を分析したい"),
    )
    preferred_format = forms.ChoiceField(label=_("希望する形式"), choices=DataRequest.Format.choices)
    department = forms.ModelChoiceField(
        label=_("担当部署"),
        queryset=Department.objects.order_by("code"),
        help_text=_("わからない場合は、近いと思う部署を選んでください。担当の部署に回します。"),
    )
    requester_kind = forms.ChoiceField(label=_("あなたの区分"), choices=DataRequest.RequesterKind.choices)
    organisation_name = forms.CharField(
        label=_("団体・事業者名（任意）"),
        max_length=100,
        required=False,
        help_text=_("入力すると一覧に表示されます。個人のお名前は表示しません。"),
    )


class AnswerRequestForm(forms.Form):
    status = forms.ChoiceField(
        label=_("回答"),
        choices=[(s.value, s.label) for s in DataRequest.Status if s != DataRequest.Status.OPEN],
        widget=forms.RadioSelect,
    )
    planned_for = forms.CharField(
        label=_("公開予定時期"), max_length=50, required=False, help_text=_("例：令和7年度中")
    )
    dataset = forms.ModelChoiceField(
        label=_("データセット"),
        queryset=Dataset.objects.filter(state=Dataset.State.PUBLISHED).order_by("title"),
        required=False,
        help_text=_("公開済みと回答するときは必ず選んでください。"),
    )
    answer = forms.CharField(
        label=_("回答の内容"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("公開できない場合は、その理由を書いてください。"),
    )


class ForwardRequestForm(forms.Form):
    department = forms.ModelChoiceField(label=_("回す先の部署"), queryset=Department.objects.order_by("code"))


class CollaborationForm(forms.Form):
    department = forms.ModelChoiceField(label=_("担当部署"), queryset=None)
    title = forms.CharField(label=_("件名"), max_length=200)
    partner = forms.CharField(label=_("連携先"), max_length=200, help_text=_("事業者・団体の名称"))
    partner_kind = forms.ChoiceField(label=_("連携先の区分"), choices=Collaboration.PartnerKind.choices)
    held_on = forms.DateField(label=_("検討した日"), help_text=_("例：2025-06-01"))
    summary = forms.CharField(
        label=_("検討の内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    data_requests = forms.ModelMultipleChoiceField(
        label=_("関連する要望"), queryset=DataRequest.objects.order_by("-created_at"), required=False
    )
    datasets = forms.ModelMultipleChoiceField(
        label=_("関連するデータセット"),
        queryset=Dataset.objects.filter(state=Dataset.State.PUBLISHED).order_by("title"),
        required=False,
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = organizations


def _required(message):
    return {"required": message}


class ShowcaseForm(forms.Form):
    """活用事例を投稿する (anyone). The checks themselves are the service's (services.submit_showcase),
    which names every wrong field; the form only reads the fields."""

    title = forms.CharField(
        label=_("名称"),
        max_length=200,
        help_text=_("例：国分寺 避難所マップ"),
        error_messages=_required(_("活用事例の名称を入力してください。")),
    )
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("アプリ・記事・可視化を見られるアドレス（https:// で始まるもの）"),
        error_messages=_required(_("活用事例のURLを入力してください。")),
    )
    kind = forms.ChoiceField(label=_("種類"), choices=Showcase.Kind.choices)
    description = forms.CharField(
        label=_("説明"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("何ができるものか、データをどのように使っているかを書いてください。"),
        error_messages=_required(_("どのようにデータを使っているかを入力してください。")),
    )
    datasets = forms.CharField(
        label=_("使ったデータセット"),
        help_text=_(
            "データセットの識別名（ページのアドレスの /dataset/ の後ろ）かアドレスを、カンマか空白で区切って入力してください。"
        ),
        error_messages=_required(_("使ったデータセットを1つ以上指定してください。")),
    )
    author = forms.CharField(
        label=_("制作者（任意）"),
        max_length=100,
        required=False,
        help_text=_("入力すると活用事例のページに表示されます。"),
    )
    submitter_name = forms.CharField(label=_("お名前（任意・公開しません）"), max_length=100, required=False)
    submitter_email = forms.CharField(
        label=_("メールアドレス（公開しません）"),
        max_length=254,
        help_text=_("審査の結果をお知らせします。"),
        error_messages=_required(
            _("審査の結果をお知らせするメールアドレスを正しく入力してください（例：name@example.jp）。")
        ),
    )


class ShowcaseDecisionForm(forms.Form):
    """掲載する／掲載しない (with the reason the submitter is told)."""

    decision = forms.ChoiceField(
        label=_("判断"),
        choices=[("approve", _("掲載する")), ("reject", _("掲載しない"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("掲載しない理由"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("掲載しない場合は必ず書いてください。投稿者にメールでお知らせします（公開はしません）。"),
    )
