"""IDOR registrations for privacy routes (tests/quality/idor.py)."""

from tests.quality.idor import public

public("privacy:register_file", "the published part of the 個人情報ファイル簿 (法第75条): no personal data")
