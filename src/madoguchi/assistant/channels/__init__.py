"""Messaging channels the assistant answers on (a LINE-style webhook): an interface, a registry,
and one implementation per module. settings.MADOGUCHI_ASSISTANT_CHANNELS names the enabled ones.

Only a sandbox is shipped: it speaks LINE's Messaging API protocol (X-Line-Signature, webhook
events, the reply API's request body) but records each reply instead of calling LINE."""

from .base import IncomingMessage, MessagingChannel, Reply
from .registry import channels, enabled_channel

__all__ = ["IncomingMessage", "MessagingChannel", "Reply", "channels", "enabled_channel"]
