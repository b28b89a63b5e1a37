"""A sample 罹災証明書 from the demo city, for operators (`madoguchi certificate sample`) and checks."""

from __future__ import annotations

import datetime

from madoguchi.core.models import Department, Person

from .models import DocumentKind, IssuedDocument
from .services import issue_document, risai_context


def sample_risai_certificate(*, is_demo: bool = False) -> IssuedDocument:
    """Issue (sign and record) a 見本 罹災証明書 for a demo resident, or a fictional one."""
    person = Person.objects.filter(is_demo=True, relationship="世帯主").order_by("pk").first()
    head = person.full_name if person else "国分\u3000太郎"
    address = (person.address if person else "") or "東京都国分寺市本町二丁目1番1号"
    context = risai_context(
        household_head=head,
        property_address=address,
        disaster_name="令和8年台風第15号（見本）",
        disaster_date=datetime.date(2026, 9, 8),
        damage_level="半壊",
        inundation="床上浸水",
        purpose="被災者生活再建支援金の申請",
    )
    return issue_document(
        DocumentKind.RISAI,
        context=context,
        person=person,
        department=Department.objects.filter(code="bosai").first(),
        is_demo=is_demo,
        sample=True,
    )
