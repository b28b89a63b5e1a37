"""A `requests` transport that answers from this Django site in-process (tests only).

The relying party talks to the test IdP over HTTP; in tests without a live server this adapter
hands those requests to Django's test client instead, so the same code runs end to end.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter


class DjangoTestClientAdapter(BaseAdapter):
    def __init__(self, client=None):
        super().__init__()
        from django.test import Client

        self.client = client or Client()

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {
            f"HTTP_{name.upper().replace('-', '_')}": value
            for name, value in request.headers.items()
            if name.lower() not in ("content-type", "content-length", "host")
        }
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        answer = self.client.generic(
            request.method,
            path,
            data=body,
            content_type=request.headers.get("Content-Type", "application/octet-stream"),
            secure=parts.scheme == "https",
            **headers,
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers.update(dict(answer.items()))
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self):
        pass


def local_session(client=None) -> requests.Session:
    session = requests.Session()
    adapter = DjangoTestClientAdapter(client)
    session.mount("http://testserver", adapter)
    session.mount("https://testserver", adapter)
    return session
