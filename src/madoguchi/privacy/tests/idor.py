"""IDOR registrations for privacy routes (tests/quality/idor.py)."""

from tests.quality.idor import IdorCase, object_factory, public

public("privacy:register_file", "the published part of the 個人情報ファイル簿 (法第75条): no personal data")

READER = "idor-privacy-reader"  # who read too much: shown to their department's manager only


@object_factory("privacy_staff:alert")
def access_alert_page():
    from .factories import access_alert

    alert = access_alert(reader_name=READER)
    return IdorCase(kwargs={"pk": alert.pk}, department=alert.department, marker=READER)
