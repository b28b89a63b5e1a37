"""The messaging-channel interface."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.http import HttpRequest


@dataclass(frozen=True)
class IncomingMessage:
    text: str
    reply_token: str
    language: str = "ja"


@dataclass(frozen=True)
class Reply:
    """What would be sent back: the channel's own request body (for LINE, the reply API's JSON)."""

    endpoint: str
    body: dict


class MessagingChannel(Protocol):
    code: str

    def verify(self, request: HttpRequest) -> bool:
        """Whether the request really comes from the messaging platform (its signature)."""
        ...

    def messages(self, request: HttpRequest) -> list[IncomingMessage]:
        """The text messages in a verified webhook request (other events are ignored)."""
        ...

    def reply(self, message: IncomingMessage, texts: list[str]) -> Reply:
        """Answer one message."""
        ...
