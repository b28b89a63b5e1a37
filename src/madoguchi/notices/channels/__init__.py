"""The channels this app adds to core.notifications: SMS, LINE and letters, plus the router that
picks, per resident, the first reachable channel in their order of preference.

SMS and LINE each have a sandbox transport (in-process, speaking the real API's request and
response shapes) and an HTTP transport for production; docs/notices.md says which is which."""

from __future__ import annotations


def register() -> None:
    """Register the notifiers and the router in core's registries (NoticesConfig.ready)."""
    from madoguchi.core.notifications import notifiers, routers

    from .letter import LetterNotifier
    from .line import LineNotifier
    from .router import PreferenceRouter
    from .sms import SmsNotifier

    for notifier in (SmsNotifier(), LineNotifier(), LetterNotifier()):
        if notifier.code not in notifiers:
            notifiers.register(notifier)
    if "preferences" not in routers:
        routers.register(PreferenceRouter())
