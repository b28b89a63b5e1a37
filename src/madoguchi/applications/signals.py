"""application_state_changed: sent after the transaction that changed an application's state commits.

Receivers get `application`, `from_state`, `to_state` and `actor` (a User or None). The delivery
module issues documents on approval with it.
"""

from django.dispatch import Signal

application_state_changed = Signal()
