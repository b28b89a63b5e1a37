"""factory-boy factories for applications (申請). Other apps' tests build applications with these;
to take one through the workflow, call the applications services on it."""

import factory
from django.utils import timezone

from madoguchi.applications.models import Application, InternalNote, State
from madoguchi.core.models import Channel
from madoguchi.core.tests.factories import PersonFactory, UserFactory
from madoguchi.procedures.tests.factories import ProcedureVersionFactory

__all__ = ["ApplicationFactory", "InternalNoteFactory"]


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft on a published form (ProcedureVersionFactory); `submitted=True` gives a received
    case with a receipt number, as if the resident had sent it online."""

    class Meta:
        model = Application

    procedure_version = factory.SubFactory(ProcedureVersionFactory)
    procedure = factory.SelfAttribute("procedure_version.procedure")
    department = factory.SelfAttribute("procedure.department")
    applicant = factory.SubFactory(PersonFactory)
    channel = Channel.ONLINE
    state = State.DRAFT
    data = factory.LazyAttribute(
        lambda a: {"full_name": f"{a.applicant.family_name}　{a.applicant.given_name}"}
    )

    class Params:
        submitted = factory.Trait(
            state=State.SUBMITTED,
            receipt_number=factory.Sequence(lambda n: f"T-{n:06d}"),
            submitted_at=factory.LazyFunction(timezone.now),
        )


class InternalNoteFactory(factory.django.DjangoModelFactory):
    """A staff note on a case."""

    class Meta:
        model = InternalNote

    application = factory.SubFactory(ApplicationFactory, submitted=True)
    author = factory.SubFactory(UserFactory, is_staff=True)
    text = "電話で確認済み"
