"""IDOR registrations for workstyle routes (tests/quality/idor.py)."""

from tests.quality.idor import IdorCase, object_factory

MARKER = "idor-workstyle-marker"  # shown only to the owning department's staff


@object_factory("workstyle_staff:meeting", "workstyle_staff:meeting_edit")
def meeting_page():
    from .factories import meeting

    item = meeting(title=MARKER)
    return IdorCase(kwargs={"pk": item.pk}, department=item.department, marker=MARKER)


@object_factory("workstyle_staff:open_version")
def pack_document():
    from .factories import pack_version

    version = pack_version(text=MARKER)
    return IdorCase(kwargs={"pk": version.pk}, department=version.document.meeting.department, marker=MARKER)


@object_factory("workstyle_staff:pilot")
def pilot_page():
    from .factories import pilot

    item = pilot(title=MARKER)
    return IdorCase(kwargs={"pk": item.pk}, department=item.department, marker=MARKER)
