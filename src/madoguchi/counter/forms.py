"""Forms of the counter: the staff's entry of a prepared application form (fields flattened from
its JSON Schema), resident lookup, ticket transfer, reservation, and the tablet confirmation."""

from __future__ import annotations

import copy
import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese import JapaneseInputError, normalize_phone
from madoguchi.lifeevents import services as lifeevents
from madoguchi.procedures import services as procedures

from .models import CounterSession, ServiceCategory, Window

SEP = "__"


def leaves(schema: dict, data: dict, path: tuple = ()):
    """(path, schema, title path) of every editable leaf: scalars, and object rows of arrays."""
    for key, spec in (schema.get("properties") or {}).items():
        here = (*path, key)
        kind = spec.get("type")
        if kind == "object":
            yield from leaves(spec, (data or {}).get(key) or {}, here)
        elif kind == "array" and (spec.get("items") or {}).get("type") == "object":
            rows = (data or {}).get(key) or []
            count = max(len(rows), spec.get("minItems", 0))
            for index in range(count):
                for sub, subspec in ((spec["items"].get("properties")) or {}).items():
                    label = (
                        f"{procedures.title_of(spec, key)} {index + 1}: {procedures.title_of(subspec, sub)}"
                    )
                    yield (*here, str(index), sub), subspec, label
        elif kind in ("string", "boolean", "integer", "number"):
            yield here, spec, procedures.title_of(spec, key)


def get_path(data: dict, path: tuple):
    value = data
    for part in path:
        if isinstance(value, list):
            index = int(part)
            value = value[index] if index < len(value) else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
        if value is None:
            return None
    return value


def set_path(data: dict, path: tuple, value) -> None:
    target = data
    for position, part in enumerate(path[:-1]):
        following = path[position + 1]
        if isinstance(target, list):
            index = int(part)
            while len(target) <= index:
                target.append({})
            target = target[index]
            continue
        default = [] if following.isdigit() else {}
        target = target.setdefault(part, default)
    last = path[-1]
    if value in (None, ""):
        if isinstance(target, dict):
            target.pop(last, None)
        return
    target[last] = value


class ProcedureDataForm(forms.Form):
    """Staff fill in what the register did not know; one Django field per leaf of the schema."""

    included = forms.BooleanField(label=_("この申請書を今回申請する"), required=False)

    def __init__(
        self, *args, schema: dict, data: dict, skip_sections=("declarations",), documents=(), **kwargs
    ):
        self.schema = schema
        self.original = data
        self.paths: dict[str, tuple] = {}
        self.documents = list(documents)  # (code, label, when, received)
        super().__init__(*args, **kwargs)
        required_paths = _required_leaf_paths(schema)
        for path, spec, label in leaves(schema, data):
            if path[0] in skip_sections:
                continue
            name = SEP.join(path)
            self.paths[name] = path
            value = get_path(data, path)
            help_text = procedures.description_of(spec)
            generic = tuple(p for p in path if not p.isdigit())
            required = generic in required_paths
            if spec.get("type") == "boolean":
                field = forms.BooleanField(
                    label=label, required=False, help_text=help_text, initial=bool(value)
                )
            elif "enum" in spec:
                choices = [("", "—")] + [(v, v) for v in spec["enum"]]
                field = forms.ChoiceField(
                    label=label, choices=choices, required=False, help_text=help_text, initial=value
                )
            elif spec.get("format") == "date":
                field = forms.DateField(
                    label=label,
                    required=False,
                    help_text=help_text,
                    initial=value,
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                )
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    help_text=help_text,
                    initial=value,
                    max_length=spec.get("maxLength"),
                )
            field.schema_required = required
            self.fields[name] = field

    def add_document_fields(self) -> None:
        """One checkbox per attachment: received at the desk (after the form's own fields)."""
        for code, label, when, received in self.documents:
            self.fields[f"document{SEP}{code}"] = forms.BooleanField(
                label=_("書類「%(name)s」を受け取った") % {"name": label},
                help_text=when,
                required=False,
                initial=received,
            )

    def cleaned_documents(self) -> list[str]:
        return [code for code, *_rest in self.documents if self.cleaned_data.get(f"document{SEP}{code}")]

    def cleaned_form_data(self) -> dict:
        data = copy.deepcopy(self.original)
        for name, path in self.paths.items():
            value = self.cleaned_data.get(name)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            if isinstance(value, str):
                value = value.strip()
            set_path(data, path, value)
        return data


def _required_leaf_paths(schema: dict, path: tuple = ()) -> set[tuple]:
    found = set()
    for key in schema.get("required") or []:
        found.add((*path, key))
    for key, spec in (schema.get("properties") or {}).items():
        if spec.get("type") == "object":
            found |= _required_leaf_paths(spec, (*path, key))
        elif spec.get("type") == "array" and (spec.get("items") or {}).get("type") == "object":
            found |= _required_leaf_paths(spec["items"], (*path, key))
    return found


class HouseholdQuestionsForm(forms.Form):
    """The navigator's questions for one life event, answered together at the desk: a yes/no box
    each (prefilled from the register by the view)."""

    def __init__(self, *args, event: lifeevents.LifeEvent, **kwargs):
        super().__init__(*args, **kwargs)
        for question in lifeevents.questions_for(event):
            self.fields[question.code] = forms.BooleanField(
                label=question.text, help_text=question.hint, required=False
            )

    def answers(self) -> dict:
        return {code: bool(value) for code, value in self.cleaned_data.items()}


class ResidentLookupForm(forms.Form):
    """本人確認書類を見た後の検索: カナ氏名と生年月日."""

    name_kana = forms.CharField(
        label=_("氏名（フリガナ）"), max_length=60, help_text=_("例：コクブ　タロウ（一部でも検索できます）")
    )
    birth_date = forms.DateField(
        label=_("生年月日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class TransferForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("引継ぎ先の受付区分"), queryset=ServiceCategory.objects.filter(is_active=True), required=False
    )
    window = forms.ModelChoiceField(label=_("引継ぎ先の窓口"), queryset=Window.objects.all(), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("category") and not cleaned.get("window"):
            raise forms.ValidationError(_("引継ぎ先の窓口または受付区分を選んでください。"))
        return cleaned


class BookingForm(forms.Form):
    """来庁予約: a time on the chosen day (each time once), and — without the card — who is coming
    and how to reach them (a phone number or an e-mail address)."""

    time = forms.ChoiceField(
        label=_("来庁する時間"),
        widget=forms.RadioSelect,
        error_messages={"required": _("来庁する時間を選んでください。")},
    )
    name = forms.CharField(
        label=_("お名前"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("電話番号"),
        max_length=20,
        required=False,
        help_text=_("予約の確認に使います。例：042-325-0111"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("メールアドレス"),
        required=False,
        help_text=_("予約の確認メールと前日のお知らせをお送りします。"),
        error_messages={"invalid": _("メールアドレスの形が正しくありません（例：name@example.jp）。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, times, with_contact: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.times = {t.value: t for t in times if t.seats > 0}
        self.fields["time"].choices = [(value, _time_label(t)) for value, t in self.times.items()]
        if not with_contact:
            for name in ("name", "phone", "email"):
                del self.fields[name]

    def clean_time(self):
        return self.times[self.cleaned_data["time"]]

    def clean(self):
        """Every missing or unreadable contact detail at once, each at its field."""
        data = super().clean()
        if "name" not in self.fields:
            return data
        if not (data.get("name") or "").strip():
            self.add_error("name", _("お名前を入力してください。"))
        phone = (data.get("phone") or "").strip()
        if phone:
            try:
                data["phone"] = normalize_phone(phone)
            except JapaneseInputError as error:
                self.add_error("phone", error.messages)
        elif not data.get("email") and "email" not in self.errors:
            self.add_error("phone", _("電話番号かメールアドレスのどちらかを入力してください。"))
        return data


def _time_label(time) -> str:
    start, end = timezone.localtime(time.starts_at), timezone.localtime(time.ends_at)
    return _("%(start)s〜%(end)s（空き%(seats)s）") % {
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
        "seats": time.seats,
    }


class ReservationLookupForm(forms.Form):
    """予約の確認 without the card: the reference number and the contact given when booking."""

    reference = forms.CharField(
        label=_("予約番号"),
        max_length=12,
        help_text=_("予約の確認画面とメールにある8文字の番号です。"),
        error_messages={"required": _("予約番号を入力してください。")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    contact = forms.CharField(
        label=_("予約のときの電話番号またはメールアドレス"),
        max_length=200,
        error_messages={
            "required": _("予約のときに入力した電話番号またはメールアドレスを入力してください。")
        },
    )


class ConfirmForm(forms.Form):
    """The resident's confirmation on the tablet: a drawn signature, or (without JavaScript or a
    pen) a tick in the confirmation box."""

    method = forms.ChoiceField(
        label=_("確認の方法"),
        choices=[
            (CounterSession.Signature.DRAWN, _("署名欄に手書きで署名する")),
            (CounterSession.Signature.CHECKBOX, _("確認欄にチェックする")),
        ],
        widget=forms.RadioSelect,
        initial=CounterSession.Signature.CHECKBOX,
    )
    signature_image = forms.CharField(required=False, widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=_("申請書の内容を確認し、記載内容が事実と相違ないことを確認しました"), required=True
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("method") == CounterSession.Signature.DRAWN and not (
            cleaned.get("signature_image") or ""
        ).startswith("data:image/png;base64,"):
            self.add_error(
                "method",
                _("署名欄に署名してください。署名できないときは「確認欄にチェックする」を選んでください。"),
            )
        return cleaned
