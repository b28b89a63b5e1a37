"""SudachiPy, loaded once: the dictionary once per process (loading it takes a while), a tokenizer
per thread (a tokenizer keeps state while it works, so threads must not share one). Used for
furigana; search and the assistant can take theirs from here too."""

from __future__ import annotations

import threading
from functools import lru_cache

_local = threading.local()


@lru_cache(maxsize=1)
def dictionary():
    from sudachipy import Dictionary

    return Dictionary()


def tokenizer():
    if not hasattr(_local, "tokenizer"):
        _local.tokenizer = dictionary().tokenizer()
    return _local.tokenizer
