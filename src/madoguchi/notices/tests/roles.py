"""Role-matrix cases for notices (tests/quality/roles.py)."""

from tests.quality.roles import Decision, decision

from madoguchi.notices.models import LetterBatch
from madoguchi.notices.services import build_batch_as

from .factories import mailroom, waiting_letter


@decision("notices.letters")
def print_the_days_letters():
    waiting_letter()
    return Decision(
        department=mailroom(),
        perform=lambda user: build_batch_as(user),
        effect=lambda: LetterBatch.objects.count(),
    )
