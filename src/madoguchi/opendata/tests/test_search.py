"""SudachiPy tokens: compounds match their parts, suffixes and particles are not required."""

from madoguchi.opendata import search


def test_query_terms_drop_suffixes_and_particles():
    assert search.query_terms("避難所") == ["避難"]
    assert search.query_terms("子育ての施設") == ["子育て", "施設"]


def test_index_terms_hold_both_split_modes_and_folded_forms():
    terms = search.index_terms("公衆無線LANアクセスポイント一覧", "ＡＥＤ")
    assert {"アクセス", "アクセスポイント", "lan", "aed"} <= terms
