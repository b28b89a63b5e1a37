from django import forms

from .rules import QUESTIONS, LifeEvent


class HouseholdQuestionsForm(forms.Form):
    """The navigator's questions for one life event: a yes/no box each."""

    def __init__(self, *args, event: LifeEvent, **kwargs):
        super().__init__(*args, **kwargs)
        for code in event.questions:
            question = QUESTIONS[code]
            self.fields[code] = forms.BooleanField(
                label=question.text, help_text=question.hint, required=False
            )

    def answers(self) -> dict:
        return {code: bool(value) for code, value in self.cleaned_data.items()}
