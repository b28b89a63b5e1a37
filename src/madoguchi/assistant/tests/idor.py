"""IDOR registrations for the assistant's routes (tests/quality/idor.py)."""

from tests.quality.idor import IdorCase, object_factory

MARKER = "idor-assistant-marker"  # shown only to the owning department's staff

# --- conversation


@object_factory("assistant_staff:inquiry")
def inquiry_page():
    from .factories import inquiry

    item = inquiry(MARKER)
    return IdorCase(kwargs={"pk": item.pk}, department=item.department, marker=MARKER)


@object_factory("assistant_staff:inquiry_close")
def inquiry_close():
    from .factories import inquiry

    item = inquiry(MARKER)
    return IdorCase(kwargs={"pk": item.pk}, department=item.department, marker=MARKER, owner_status=405)


@object_factory("assistant_staff:callback")
def callback_page():
    from .factories import callback

    item = callback(MARKER)
    return IdorCase(kwargs={"pk": item.pk}, department=item.department, marker=MARKER)


# --- knowledge (FAQ editor routes go below)
