from __future__ import annotations

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .models import (
    AgeBand,
    Argument,
    BudgetProject,
    EventQuestion,
    ParticipationChannel,
    Proposal,
    Question,
    Referendum,
    ReferendumVote,
    Report,
    Result,
    Survey,
    Vote,
    Workshop,
)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("題名"), max_length=150)
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("コメント"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("コメントを入力してください。")},
    )
    display_name = forms.CharField(
        label=_("表示名"),
        max_length=60,
        required=False,
        help_text=_("空欄のときは「市民」と表示されます。氏名を書く必要はありません。"),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("理由"), choices=Report.Reason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("詳しい内容"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("hide", _("非表示にする")),
            ("restore", _("公開に戻す")),
            ("approve", _("承認する")),
            ("dismiss", _("通報を却下する")),
        ]
    )
    reason = forms.CharField(label=_("理由"), max_length=200, required=False)


class BlockForm(forms.Form):
    reason = forms.CharField(label=_("投稿停止の理由"), max_length=200)


class AnswerProposalForm(forms.Form):
    status = forms.ChoiceField(label=_("状況"), choices=Proposal.Status.choices)
    answer = forms.CharField(label=_("市の回答"), widget=forms.Textarea(attrs={"rows": 4}))
    progress = forms.IntegerField(label=_("進捗（％）"), min_value=0, max_value=100, initial=0)


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("あなたの意見"), max_length=200, help_text=_("200字以内の短い文で書いてください。")
    )


class VoteForm(forms.Form):
    statement = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.TypedChoiceField(choices=Vote.Value.choices, coerce=int)


class RegistrationForm(forms.Form):
    mode = forms.ChoiceField(label=_("参加方法"), widget=forms.RadioSelect)

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        modes = {
            Workshop.Format.IN_PERSON: [ParticipationChannel.IN_PERSON],
            Workshop.Format.ONLINE: [ParticipationChannel.ONLINE],
            Workshop.Format.HYBRID: [ParticipationChannel.IN_PERSON, ParticipationChannel.ONLINE],
        }[workshop.format]
        self.fields["mode"].choices = [(m.value, m.label) for m in modes]
        if len(modes) == 1:
            self.fields["mode"].initial = modes[0].value


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("記録（議事録・議事要旨）"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    recording_url = forms.URLField(
        label=_("録画のURL"),
        required=False,
        assume_scheme="https",
        help_text=_("市の動画チャンネルなどに公開した録画のURL。"),
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("資料名"), max_length=200)
    file = forms.FileField(
        label=_("ファイル（PDF、20MBまで）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    url = forms.URLField(
        label=_("または資料のURL"),
        required=False,
        assume_scheme="https",
        help_text=_("市のホームページに掲載した資料などは、URLで指定できます。"),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("PDFファイルか資料のURLの、どちらか一つを指定してください。"))
        return data


class EventQuestionForm(forms.Form):
    body = forms.CharField(
        label=_("事前質問"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=EventQuestion.MAX_LENGTH,
        help_text=_(
            "1000字以内。回答した質問は、質問した方の名前を伏せて、このページに掲載することがあります。"
        ),
        error_messages={
            "required": _("質問を入力してください。"),
            "max_length": _("質問は%(limit_value)s字以内で書いてください（いま%(show_value)s字です）。"),
        },
    )


class AnswerQuestionForm(forms.Form):
    answer = forms.CharField(
        label=_("回答"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("回答を入力してください。")},
    )
    is_public = forms.BooleanField(
        label=_("質問と回答を説明会のページに公開する（質問した人の名前は出ません）"),
        required=False,
        initial=True,
    )


class CheckInForm(forms.Form):
    token = forms.CharField(
        label=_("受付票のコード"),
        max_length=200,
        help_text=_("QRコードを読み取り機で読むと、ここに入力されます。手で入力することもできます。"),
        error_messages={"required": _("受付票のQRコードを読み取るか、コードを入力してください。")},
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "spellcheck": "false"}),
    )


class SurveyForm(forms.Form):
    """One field per question; a ranking question is one select per item (works without JS)."""

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(survey.questions.all())
        for q in self.questions:
            name = f"q{q.pk}"
            required_message = {"required": _("「%(q)s」に回答してください。") % {"q": q.text}}
            if q.kind == Question.Kind.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    label=q.text,
                    choices=[(c, c) for c in q.choices],
                    widget=forms.RadioSelect,
                    required=q.required,
                    error_messages=required_message,
                )
            elif q.kind == Question.Kind.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=q.text,
                    choices=[(c, c) for c in q.choices],
                    widget=forms.CheckboxSelectMultiple,
                    required=q.required,
                    error_messages=required_message,
                )
            elif q.kind == Question.Kind.SCALE:
                self.fields[name] = forms.TypedChoiceField(
                    label=q.text,
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=q.required,
                    choices=[(str(i), str(i)) for i in range(1, q.scale_max + 1)],
                    help_text=_("1（そう思わない）〜%(max)s（そう思う）") % {"max": q.scale_max},
                    error_messages=required_message,
                )
            elif q.kind == Question.Kind.TEXT:
                self.fields[name] = forms.CharField(
                    label=q.text,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    max_length=2000,
                    required=q.required,
                    error_messages=required_message,
                )
            elif q.kind == Question.Kind.RANKING:
                ranks = [("", "—")] + [(str(i), str(i)) for i in range(1, len(q.choices) + 1)]
                for i, item in enumerate(q.choices):
                    self.fields[f"{name}_r{i}"] = forms.TypedChoiceField(
                        label=_("%(q)s：「%(item)s」の順位") % {"q": q.text, "item": item},
                        choices=ranks,
                        coerce=int,
                        required=q.required,
                        error_messages=required_message,
                    )

    def clean(self):
        data = super().clean()
        for q in self.questions:
            if q.kind != Question.Kind.RANKING:
                continue
            ranks = [data.get(f"q{q.pk}_r{i}") for i in range(len(q.choices))]
            given = [r for r in ranks if r not in (None, "")]
            if given and len(set(given)) != len(given):
                self.add_error(f"q{q.pk}_r0", _("順位は重ならないように、1から順に付けてください。"))
        return data

    def answers(self) -> dict[str, object]:
        data, result = self.cleaned_data, {}
        for q in self.questions:
            if q.kind == Question.Kind.RANKING:
                ranks = [(data.get(f"q{q.pk}_r{i}"), item) for i, item in enumerate(q.choices)]
                result[str(q.pk)] = [
                    item for rank, item in sorted(r for r in ranks if r[0] not in (None, ""))
                ]
            else:
                value = data.get(f"q{q.pk}")
                if value not in (None, "", []):
                    result[str(q.pk)] = value
        return result


class PaperAnswerForm(SurveyForm):
    """Staff entry of a postal or paper answer: the same questions plus where it came from."""

    channel = forms.ChoiceField(
        label=_("受付方法"),
        choices=[
            (ParticipationChannel.POSTAL.value, ParticipationChannel.POSTAL.label),
            (ParticipationChannel.PAPER.value, ParticipationChannel.PAPER.label),
        ],
        initial=ParticipationChannel.POSTAL.value,
        widget=forms.RadioSelect,
    )
    age_band = forms.ChoiceField(
        label=_("年代（回答用紙の記入どおり）"), choices=AgeBand.choices, initial=AgeBand.UNKNOWN
    )
    district = forms.CharField(label=_("地区（記入があれば）"), max_length=40, required=False)
    reference = forms.CharField(label=_("整理番号"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["reference", "channel", "age_band", "district"])  # the envelope first


# --- participatory budgeting -----------------------------------------------------------------------


class BallotForm(forms.Form):
    """The ballot: one checkbox per feasible project, with its cost (works without JS)."""

    projects = forms.MultipleChoiceField(
        label=_("実施してほしい事業"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("事業を1つ以上選んでください。")},
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [
            (
                str(p.pk),
                _("%(title)s（%(cost)s円）")
                % {"title": p.title, "cost": number_format(p.cost, force_grouping=True)},
            )
            for p in projects
        ]


class PaperBallotForm(BallotForm):
    """Staff entry of a paper ballot (polling place or post): its reference number and age band."""

    reference = forms.CharField(label=_("整理番号"), max_length=40)
    age_band = forms.ChoiceField(
        label=_("年代（投票用紙の記入どおり）"), choices=AgeBand.choices, initial=AgeBand.UNKNOWN
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["reference", "age_band", "projects"])


class ReviewForm(forms.Form):
    """技術的な検討 of one proposal: cost estimate and feasibility."""

    proposal = forms.IntegerField(widget=forms.HiddenInput)
    cost = forms.IntegerField(label=_("費用の見積り（円）"), min_value=0, max_value=10**12)
    feasibility = forms.ChoiceField(label=_("実施の可否"), choices=BudgetProject.Feasibility.choices)
    note = forms.CharField(
        label=_("検討の結果"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResultUpdateForm(forms.Form):
    """実施状況の更新 (staff): one timeline entry."""

    text = forms.CharField(label=_("実施した内容"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("状況"), choices=Result.Status.choices)
    progress = forms.IntegerField(label=_("進捗（％）"), min_value=0, max_value=100)
    spent = forms.IntegerField(label=_("執行額（円）"), min_value=0, max_value=10**12)


# --- votes on proposals and debates ------------------------------------------------------------------


class OpenReferendumForm(forms.Form):
    kind = forms.ChoiceField(label=_("投票の種類"), choices=Referendum.Kind.choices, widget=forms.RadioSelect)
    question = forms.CharField(
        label=_("問い"),
        max_length=300,
        required=False,
        help_text=_("空欄のときは「（提案の題名）に賛成ですか」です。"),
    )


class ReferendumVoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("あなたの投票"),
        choices=ReferendumVote.Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("賛成・反対・白票のどれかを選んでください。")},
    )


class DebateForm(forms.Form):
    title = forms.CharField(label=_("議論の題名"), max_length=200)
    description = forms.CharField(
        label=_("説明"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ArgumentForm(forms.Form):
    side = forms.ChoiceField(
        label=_("立場"),
        choices=Argument.Side.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("賛成の意見か反対の意見かを選んでください。")},
    )
    body = forms.CharField(
        label=_("意見"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("意見を入力してください。")},
    )
    display_name = forms.CharField(
        label=_("表示名"),
        max_length=60,
        required=False,
        help_text=_("空欄のときは「市民」と表示されます。氏名を書く必要はありません。"),
    )


class CloseDebateForm(forms.Form):
    conclusion = forms.CharField(label=_("まとめ"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
