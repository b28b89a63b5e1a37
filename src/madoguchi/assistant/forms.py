from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CallbackRequest

DATE_ERRORS = {"invalid": _("日付は「2025-10-01」の形で入力してください。")}


class AskForm(forms.Form):
    q = forms.CharField(
        label=_("質問"),
        max_length=200,
        help_text=_(
            "例：住民票の写しを取りたい、粗大ごみの出し方。個人番号や電話番号は入力しないでください。"
        ),
        error_messages={
            "required": _("質問を入力してください。"),
            "max_length": _(
                "質問は%(limit_value)d文字以内で入力してください（%(show_value)d文字入力されています）。"
            ),
        },
    )


class _Department(forms.Form):
    department = forms.ChoiceField(
        label=_("問合せ先の課"), error_messages={"required": _("問合せ先の課を選んでください。")}
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = list(departments)
        self.fields["department"].choices = [(str(d.pk), d.name) for d in self.departments]

    def chosen(self):
        return next((d for d in self.departments if str(d.pk) == self.cleaned_data["department"]), None)


class InquiryForm(_Department):
    details = forms.CharField(
        label=_("詳しい内容（任意）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("個人番号（マイナンバー）は書かないでください。書かれた番号は伏せて職員に届きます。"),
    )
    name = forms.CharField(label=_("お名前（任意）"), required=False, max_length=100)
    email = forms.CharField(
        label=_("メールアドレス"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("電話番号"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )


class CallbackForm(_Department):
    name = forms.CharField(
        label=_("お名前"),
        max_length=100,
        error_messages={"required": _("お名前を入力してください。")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("電話番号"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("メールアドレス"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    preferred_on = forms.DateField(
        label=_("希望日（任意）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
    )
    preferred_time = forms.ChoiceField(
        label=_("希望の時間帯"), choices=CallbackRequest.When.choices, initial="any", widget=forms.RadioSelect
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("回答"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("回答を入力してください。")},
    )


class CallbackDoneForm(forms.Form):
    note = forms.CharField(label=_("対応メモ（任意）"), required=False, max_length=500)


class AddVariantForm(forms.Form):
    log = forms.IntegerField(widget=forms.HiddenInput)
    faq = forms.ChoiceField(label=_("追加するFAQ"), error_messages={"required": _("FAQを選んでください。")})

    def __init__(self, *args, faqs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["faq"].choices = [("", "—")] + [
            (str(f.pk), f"{f.department.name}：{f.question}") for f in faqs
        ]
