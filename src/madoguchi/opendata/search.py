"""Japanese search for the catalog: SudachiPy tokens in an inverted index (SearchTerm).

Both the indexed text and the query go through the same tokeniser, so 「避難所」 (避難 + 所, the
suffix 所 dropped) finds 「指定緊急避難場所一覧」 (指定 緊急 避難 場所 一覧). Terms are NFKC-folded and
lower-cased; index terms come from the fine (A) and the coarse (C) split, surface and
normalised form, so 「アクセス」 and 「アクセスポイント」 both match.
"""

from __future__ import annotations

import threading
import unicodedata

from django.db import transaction

SKIP_POS = {"助詞", "助動詞", "補助記号", "空白", "接尾辞", "記号"}
_local = threading.local()


def _tokenizer():
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import Dictionary

        tokenizer = _local.tokenizer = Dictionary(dict="core").tokenizer()
    return tokenizer


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower().strip()


def _tokens(text: str, *, modes) -> list[str]:
    text = fold(text)[:5000]
    if not text:
        return []
    terms: list[str] = []
    tokenizer = _tokenizer()
    for mode in modes:
        for morpheme in tokenizer.tokenize(text, mode):
            if morpheme.part_of_speech()[0] in SKIP_POS:
                continue
            for form in (morpheme.surface(), morpheme.normalized_form()):
                form = fold(form)
                if form and form.strip() and len(form) <= 60:
                    terms.append(form)
    return list(dict.fromkeys(terms))


def index_terms(*texts: str) -> set[str]:
    from sudachipy import SplitMode

    terms: set[str] = set()
    for text in texts:
        terms.update(_tokens(text, modes=(SplitMode.A, SplitMode.C)))
    return terms


def query_terms(query: str) -> list[str]:
    """The terms every match must contain (AND). Fine split, so compounds match their parts."""
    from sudachipy import SplitMode

    result: list[str] = []
    for word in fold(query).split():
        terms = []
        for morpheme in _tokenizer().tokenize(word, SplitMode.A):
            if morpheme.part_of_speech()[0] in SKIP_POS:
                continue
            terms.append(fold(morpheme.normalized_form()))
        result.extend(terms or ([word] if word.strip() else []))
    return list(dict.fromkeys(result))


def dataset_texts(dataset) -> list[str]:
    from . import standards

    texts = [dataset.title, dataset.title_en, dataset.notes, dataset.notes_en, dataset.name.replace("-", " ")]
    texts += [tag.name for tag in dataset.tags.all()]
    texts += [f"{g.title} {g.title_en}" for g in dataset.groups.all()]
    texts += [dataset.organization.name, dataset.organization.name_en]
    texts += [f"{r.name} {r.format}" for r in dataset.resources.all()]
    standard = standards.get(dataset.standard_type)
    if standard:
        texts += [str(standard.title), " ".join(standard.keywords)]
    return texts


def reindex(dataset) -> None:
    from .models import SearchTerm

    terms = index_terms(*dataset_texts(dataset))
    with transaction.atomic():
        SearchTerm.objects.filter(dataset=dataset).delete()
        SearchTerm.objects.bulk_create([SearchTerm(term=term, dataset=dataset) for term in sorted(terms)])
