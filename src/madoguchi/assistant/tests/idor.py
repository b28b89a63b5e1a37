"""IDOR registrations for the assistant's routes (tests/quality/idor.py)."""

from tests.quality.idor import IdorCase, not_an_object, object_factory

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


def _faq_case(**extra):
    from .factories_knowledge import faq

    item = faq(question=f"{MARKER} 住民票の写しを取りたい", published=False)
    return IdorCase(kwargs={"pk": item.pk}, department=item.department, marker=MARKER, **extra)


@object_factory("assistant_staff:faq")
def faq_page():
    return _faq_case()


@object_factory("assistant_staff:faq_publish", "assistant_staff:faq_review")
def faq_actions():
    return _faq_case(owner_status=405)


not_an_object(
    "assistant_staff:synonym",
    "a synonym group belongs to the whole city's dictionary, not to a department: every FAQ editor "
    "(assistant.manage in any department) may edit it; the role matrix checks that permission",
)
