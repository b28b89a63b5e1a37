"""Notices to residents through every channel (通知: メール・SMS・LINE・郵便).

Each resident's reachable channels in order of preference, the SMS and LINE adapters, the daily
batch of letters for residents with no electronic channel, delivery status per channel and the
fall-back from a failed channel to the next. Other apps send through `core.notifications`; this
app registers the channels there."""
