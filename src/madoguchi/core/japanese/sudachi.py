"""One SudachiPy tokenizer per process (loading the dictionary takes a while; tokenizing is
cheap). Used for furigana, search and the assistant's normalisation."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def tokenizer():
    from sudachipy import Dictionary

    return Dictionary().tokenizer()
