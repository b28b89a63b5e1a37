"""Rate limits for login tries: a sliding window per scope and key (an address, a client IP).

Counted in the database (`RateLimitHit`), so the limit holds across web processes whatever the
cache is; logins are rare enough that a row per try costs nothing.
"""

from __future__ import annotations

import datetime
import ipaddress

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateLimitHit


def client_ip(request) -> str:
    """The client's address. Behind the city's proxy (`BEHIND_PROXY`), the last X-Forwarded-For
    entry, the one the proxy itself added (earlier entries are the client's to forge). IPv6
    clients count per /64, which one household or phone holds whole."""
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        address = forwarded.split(",")[-1].strip()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _digest(scope: str, key: str) -> str:
    return salted_hmac("madoguchi.identity.limits", f"{scope}:{key}").hexdigest()


def take(scope: str, key: str, *, limit: int, window: datetime.timedelta) -> RateLimitHit | None:
    """Count one try of `key` in `scope`. Returns the hit, or None (nothing counted) when `key`
    already has `limit` tries in the last `window`.

    The hit is written first and the window counted after, each in its own autocommit, so of
    simultaneous tries at the limit none gets through twice: at worst all are refused."""
    digest, now = _digest(scope, key), timezone.now()
    # Tries older than the window count for nobody: dropping them for every key keeps the table
    # as small as one window's tries.
    RateLimitHit.objects.filter(scope=scope, at__lt=now - window).delete()
    hits = RateLimitHit.objects.filter(scope=scope, key=digest)
    if hits.count() >= limit:
        return None
    hit = RateLimitHit.objects.create(scope=scope, key=digest, at=now)
    if hits.filter(at__gte=now - window).count() > limit:
        hit.delete()
        return None
    return hit


def give_back(hit: RateLimitHit | None) -> None:
    """Uncount a try that should not count (a right PIN, a refused send)."""
    if hit is not None:
        RateLimitHit.objects.filter(pk=hit.pk).delete()
