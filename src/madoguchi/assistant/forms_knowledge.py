"""Forms of the FAQ and synonym editor (staff_views_knowledge.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

LINES_HELP = _("1行に1つ。")


class FaqForm(forms.Form):
    department = forms.ChoiceField(
        label=_("担当部署"), error_messages={"required": _("部署を選んでください。")}
    )
    key = forms.CharField(
        label=_("識別子"),
        max_length=80,
        required=False,
        help_text=_(
            "半角英小文字・数字・ハイフン（例：juminhyo-fee）。空欄なら自動で付けます。作成後は変えられません。"
        ),
    )
    question = forms.CharField(
        label=_("質問"), max_length=200, error_messages={"required": _("質問を入力してください。")}
    )
    variants = forms.CharField(
        label=_("言い換え（住民の聞き方）"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("同じことを別の言い方で聞いた質問。1行に1つ。"),
    )
    answer = forms.CharField(
        label=_("回答"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        error_messages={"required": _("回答を入力してください。")},
        help_text=_("やさしい日本語で。金額や期限が変わることがある場合は、確認できる場所も書いてください。"),
    )
    question_en = forms.CharField(label=_("質問（英語）"), max_length=300, required=False)
    answer_en = forms.CharField(
        label=_("回答（英語）"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False
    )
    procedure_codes = forms.CharField(
        label=_("関連する手続（手続コード）"),
        required=False,
        help_text=_(
            "例：tenshutsu。複数のときは1行に1つ。オンラインで申請できる手続なら「オンラインで申請」のボタンが出ます。"
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    life_events = forms.CharField(
        label=_("関連するライフイベント（コード）"),
        required=False,
        help_text=_("例：tennyu。1行に1つ。"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    links = forms.CharField(
        label=_("関連するページ"),
        required=False,
        help_text=_("1行に1つ、「題名 | URL」の形で（例：ごみカレンダー | /gomi/calendar/）。"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    url = forms.CharField(label=_("詳しい案内のURL"), max_length=300, required=False)
    review_on = forms.DateField(
        label=_("次の見直し日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("日付は「2025-10-01」の形で入力してください。")},
    )

    def __init__(self, *args, departments=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(str(d.pk), d.name) for d in departments]
        if editing:
            del self.fields["key"]


class SynonymForm(forms.Form):
    terms = forms.CharField(
        label=_("同じ意味の語"),
        max_length=600,
        error_messages={"required": _("同じ意味の語を2つ以上入力してください。")},
        help_text=_(
            "「、」か改行で区切ります。最初の語を市の正式な言い方にしてください（例：保育所、保育園、保育施設）。"
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label=_("メモ"), max_length=200, required=False)


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def links_of(text: str) -> list[dict]:
    """「題名 | URL」 lines → [{"title", "url"}] (a line without "|" is its own title)."""
    result = []
    for line in lines(text):
        title, _bar, url = line.rpartition("|") if "|" in line else (line, "", line)
        result.append({"title": title.strip(), "url": url.strip()})
    return result


def links_text(links: list[dict]) -> str:
    return "\n".join(f"{link.get('title', '')} | {link.get('url', '')}" for link in links or [])
