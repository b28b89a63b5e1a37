"""The assistant's records: knowledge (FAQ, variants, synonyms) and conversation (question log,
feedback, hand-offs)."""

from .knowledge import Faq, FaqVariant, SynonymGroup

__all__ = ["Faq", "FaqVariant", "SynonymGroup"]
