"""市民参加 (plan 3-ア): processes with phases, proposals and supports, comments, surveys,
workshops, opinion maps, and one Participation row per act of taking part (for the indicators).

Age band and district are copied from the verified Person onto each Participation so the
statistics survive address changes; they are only ever shown aggregated.
"""

from .budgets import (  # noqa: F401
    Ballot,
    Budget,
    BudgetPhase,
    BudgetProject,
    Result,
    ResultUpdate,
)
from .events import EventMaterial, EventQuestion  # noqa: F401
from .processes import (  # noqa: F401
    DEFAULT_EVENT_DURATION,
    AgeBand,
    Block,
    Comment,
    Follow,
    Label,
    OpinionMap,
    Participation,
    ParticipationChannel,
    Phase,
    PhaseKind,
    Process,
    Proposal,
    Question,
    Registration,
    Report,
    Statement,
    Support,
    Survey,
    SurveyResponse,
    Vote,
    Workshop,
)
from .votes import (  # noqa: F401
    Argument,
    Debate,
    Referendum,
    ReferendumVote,
)
