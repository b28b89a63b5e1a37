"""How a resident can apply for a procedure (申請方法): online, at the counter (窓口), by post (郵送),
and what an offline procedure needs instead of a form on screen — a visit to book, the paper form
to print, the address to post it to and what to bring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from madoguchi.core.registry import Registry

from .validation import description_of, title_of

# In the order residents read them: the one that saves a trip first.
CHANNELS = {
    "online": _("オンライン"),
    "counter": _("窓口"),
    "postal": _("郵送"),
}
CHANNEL_FILTERS = {
    "online": _("オンラインで申請できる手続"),
    "counter": _("窓口で受け付ける手続"),
    "postal": _("郵送で受け付ける手続"),
}
ID_DOCUMENT = _("本人確認書類（マイナンバーカード、運転免許証、旅券など顔写真付きのもの）")


@dataclass(frozen=True)
class FormDownload:
    """Another printable form of a procedure that an app offers (the paper intake's OCR form):
    ``url(procedure)`` gives its address, or None when there is none for that procedure."""

    code: str
    title: str  # lazy-translated
    url: Callable[[object], str | None]


form_downloads: Registry[FormDownload] = Registry("form download")


def downloads_for(procedure) -> list[tuple[str, str]]:
    """(title, url) of every printable form the apps offer for ``procedure``."""
    found = ((str(d.title), d.url(procedure)) for d in form_downloads)
    return [(title, url) for title, url in found if url]


def offers(procedure, channel: str) -> bool:
    """Whether `procedure` takes applications on `channel` ("online" only while it is published)."""
    if channel == "online":
        return procedure.is_online
    return channel in (procedure.channels or [])


def channel_labels(procedure) -> list[tuple[str, str]]:
    """The ways to apply, as (code, label), in CHANNELS order."""
    return [(code, label) for code, label in CHANNELS.items() if offers(procedure, code)]


def _attachment_name(spec: dict) -> str:
    return spec.get("name_en") if get_language() == "en" and spec.get("name_en") else spec.get("name", "")


def what_to_bring(procedure) -> list[str]:
    """For a visit or a letter: proof of identity, the documents the procedure asks for, the fee."""
    items = [str(ID_DOCUMENT)]
    items += [name for spec in procedure.required_attachments or [] if (name := _attachment_name(spec))]
    if procedure.fee:
        items.append(str(_("手数料 %(fee)s円")) % {"fee": number_format(procedure.fee, force_grouping=True)})
    return items


@dataclass
class BlankField:
    title: str
    hint: str = ""
    choices: tuple[str, ...] = ()
    multiple: bool = False
    lines: int = 1


@dataclass
class BlankSection:
    title: str
    fields: list[BlankField]
    is_list: bool = False  # people or things: more than one may be written (on a separate sheet)


def _choice_labels(schema: dict) -> tuple[str, ...]:
    values = schema.get("enum") or []
    labels = schema.get("x-enum-en") if get_language() == "en" and schema.get("x-enum-en") else values
    return tuple(str(label) for label in labels)


def _blank_field(name: str, schema: dict) -> BlankField:
    if schema.get("type") == "array" and (schema.get("items") or {}).get("enum"):
        return BlankField(
            title_of(schema, name),
            description_of(schema),
            _choice_labels(schema["items"]),
            multiple=True,
        )
    if schema.get("enum"):
        return BlankField(title_of(schema, name), description_of(schema), _choice_labels(schema))
    if schema.get("type") == "boolean":
        return BlankField(title_of(schema, name), description_of(schema), (str(_("はい")), str(_("いいえ"))))
    lines = 3 if (schema.get("maxLength") or 0) > 200 else 1
    return BlankField(title_of(schema, name), description_of(schema), lines=lines)


def _fields_of(schema: dict) -> list[BlankField]:
    return [_blank_field(name, sub) for name, sub in (schema.get("properties") or {}).items()]


def blank_form(version) -> list[BlankSection]:
    """The form as paper: one section per step, nested groups and lists flattened into sections."""
    sections: list[BlankSection] = []
    ui_steps = {s["key"]: s for s in (version.ui_schema or {}).get("steps") or []}
    for key, step_schema in (version.schema.get("properties") or {}).items():
        step = ui_steps.get(key, {})
        english = get_language() == "en" and step.get("title_en")
        title = step.get("title_en") if english else step.get("title") or title_of(step_schema, key)
        fields: list[BlankField] = []
        nested: list[BlankSection] = []
        for name, sub in (step_schema.get("properties") or {}).items():
            if sub.get("type") == "object":
                nested.append(BlankSection(f"{title} — {title_of(sub, name)}", _fields_of(sub)))
            elif sub.get("type") == "array" and (sub.get("items") or {}).get("type") == "object":
                nested.append(
                    BlankSection(f"{title} — {title_of(sub, name)}", _fields_of(sub["items"]), is_list=True)
                )
            else:
                fields.append(_blank_field(name, sub))
        if fields:
            sections.append(BlankSection(str(title), fields))
        sections.extend(nested)
    return sections
