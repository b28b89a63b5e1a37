"""Smoke test of the package_search benchmark with a few rows (the real run is 100,000)."""

import pytest

pytestmark = pytest.mark.django_db


def test_opendata_search_bench_smoke():
    from bench.opendata_search import QUERIES, SYNTAX_QUERIES, generate, measure

    assert generate(50) == 10
    result = measure(runs=10)
    assert result["counts"]["q=避難"] >= 1 and result["p95_ms"] > 0
    faceted = measure(runs=len(QUERIES), facets=True)
    assert faceted["counts"] == result["counts"]
    syntax = measure(runs=len(SYNTAX_QUERIES), queries=SYNTAX_QUERIES)
    every = "fq=metadata_modified:[2020-01-01T00:00:00Z TO *] sort=id asc rows=100"
    assert syntax["counts"][every] == syntax["counts"]["fq=organization:*"] == 10
