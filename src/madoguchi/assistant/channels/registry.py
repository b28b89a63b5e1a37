"""The registry of messaging channels; settings choose the enabled ones."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

from madoguchi.core.registry import Registry

from .base import MessagingChannel
from .line_sandbox import LineSandbox

channels: Registry[MessagingChannel] = Registry("messaging channel")
channels.register(LineSandbox())


def enabled_channel(platform: str) -> MessagingChannel:
    """The enabled channel for a platform ("line"): settings map it to an implementation code.
    A platform not enabled answers 404, as if the webhook did not exist."""
    code = getattr(settings, "MADOGUCHI_ASSISTANT_CHANNELS", {}).get(platform)
    if not code:
        raise Http404
    return channels.get(code)
