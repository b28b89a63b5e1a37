"""The assistant's records: knowledge (FAQ, variants, synonyms) and conversation (question log,
feedback, hand-offs)."""

from .conversation import CallbackRequest, Feedback, Inquiry, QuestionLog
from .knowledge import Faq, FaqVariant, SynonymGroup

__all__ = ["Faq", "FaqVariant", "SynonymGroup", "CallbackRequest", "Feedback", "Inquiry", "QuestionLog"]
