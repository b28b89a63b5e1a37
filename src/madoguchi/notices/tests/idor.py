"""IDOR registrations for notices routes (tests/quality/idor.py)."""

from tests.quality.idor import IdorCase, object_factory

MARKER = "窓口IDOR"  # the addressee's family name: in the manifest, shown only to the mailroom


@object_factory("notices_staff:batch_pdf", "notices_staff:batch_manifest")
def letter_batch():
    from madoguchi.notices.services import build_batch

    waiting_letter_for_idor()
    batch = build_batch()
    return IdorCase(kwargs={"pk": batch.pk}, department=batch.department, marker=MARKER)


def waiting_letter_for_idor():
    from .factories import waiting_letter

    return waiting_letter(family_name=MARKER)
