"""Which saves make the index stale. Other apps' models are named by label (lazy senders), never
imported: the assistant learns of a published procedure without reaching into procedures."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from .index import invalidate

WATCHED = (
    "assistant.Faq",
    "assistant.FaqVariant",
    "assistant.SynonymGroup",
    "procedures.Procedure",
    "procedures.ProcedureVersion",
    "counter.ServiceCategory",
    "counter.Window",
    "core.Municipality",
)


def connect() -> None:
    """Called once from AssistantConfig.ready()."""
    for label in WATCHED:
        for signal in (post_save, post_delete):
            signal.connect(invalidate, sender=label, dispatch_uid=f"assistant-index-{label}-{signal!r}")
