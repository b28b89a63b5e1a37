"""IDOR registrations for privacy routes (tests/quality/idor.py)."""

from tests.quality.idor import IdorCase, object_factory, public

public("privacy:register_file", "the published part of the 個人情報ファイル簿 (法第75条): no personal data")

READER = "idor-privacy-reader"  # who read too much: shown to their department's manager only


@object_factory("privacy_staff:alert")
def access_alert_page():
    from .factories import access_alert

    alert = access_alert(reader_name=READER)
    return IdorCase(kwargs={"pk": alert.pk}, department=alert.department, marker=READER)


# The security office's records: its staff (security.manage) see them; they belong to the office,
# whatever department an audit or incident concerns, so the concerned department is refused too.
INCIDENT = "idor-privacy-incident"
FINDING = "idor-privacy-finding"
HOLD = "idor-privacy-hold-reason"


@object_factory(
    "privacy_staff:incident",
    "privacy_staff:incident_update",
    "privacy_staff:incident_report",
    "privacy_staff:incident_close",
)
def incident_pages():
    from .factories import incident, security_office

    record = incident(title=INCIDENT)
    return IdorCase(kwargs={"pk": record.pk}, department=security_office(), marker=INCIDENT)


@object_factory("privacy_staff:audit", "privacy_staff:audit_performed", "privacy_staff:finding_add")
def audit_pages():
    from .factories import finding, security_office

    made = finding(description=FINDING)
    return IdorCase(
        kwargs={"pk": made.audit_id},
        department=security_office(),
        marker=made.audit.department.name,
    )


@object_factory("privacy_staff:finding_done")
def finding_page():
    from .factories import finding, security_office

    made = finding(description=FINDING)
    return IdorCase(kwargs={"pk": made.pk}, department=security_office(), marker=made.corrective_action)


@object_factory("privacy_staff:hold_release")
def hold_page():
    from .factories import legal_hold, security_office

    hold = legal_hold(reason=HOLD)
    return IdorCase(kwargs={"pk": hold.pk}, department=security_office(), marker=HOLD)
