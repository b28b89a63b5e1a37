"""IDOR registrations for lifeevents routes (tests/quality/idor.py)."""

from tests.quality.idor import public

_REASON = (
    "the navigator is a public guide: the code names one of the built-in life events (rules.EVENTS), "
    "the answers travel in the query string, and nothing is stored or tied to a person"
)
public("lifeevents:questions", _REASON)
public("lifeevents:checklist", _REASON)
public("lifeevents:checklist_print", _REASON)
