"""Signing with the card (署名用電子証明書) from a procedure's point of view.

    response = start_signing(request, content=canonical_bytes(data), purpose="児童手当 認定請求", return_url=...)
    ...  # the resident enters the signing password at the provider and comes back to return_url
    cms_der = take_signature(request)          # bytes (CMS detached SignedData) or None
    result = verify_signature(canonical_bytes(data), cms_der)

With the test IdP the signature is made on its sign page (/idp/sign/) with the demo card's
test certificate; the real 署名 API is reached through the same two functions (docs/identity.md).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import urlencode

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

REQUEST_KEY = "madoguchi_signing_request"
RESULT_KEY = "madoguchi_signature"


def start_signing(request, *, content: bytes, purpose: str, return_url: str) -> HttpResponse:
    """Send the resident to the provider's sign page for `content`; they come back to `return_url`."""
    request_id = secrets.token_urlsafe(16)
    request.session[REQUEST_KEY] = {
        "id": request_id,
        "content": base64.b64encode(content).decode(),
        "digest": hashlib.sha256(content).hexdigest(),
        "purpose": str(purpose),
        "return_url": return_url,
    }
    request.session.pop(RESULT_KEY, None)
    return HttpResponseRedirect(f"{reverse('identity:idp_sign')}?{urlencode({'request': request_id})}")


def take_signature(request) -> bytes | None:
    """The CMS SignedData (DER) made for the last start_signing, removed from the session."""
    value = request.session.pop(RESULT_KEY, None)
    return base64.b64decode(value) if value else None


def sign_detached(content: bytes, *, key, certificate, chain=()) -> bytes:
    """A CMS (PKCS#7) detached SignedData over `content` (SHA-256, RSA PKCS#1 v1.5), with the
    signing time as a signed attribute and the certificate chain included."""
    builder = pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(certificate, key, hashes.SHA256())
    for extra in chain:
        builder = builder.add_certificate(extra)
    return builder.sign(
        serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
    )
