"""Smoke test of the submit benchmark with a handful of requests (the real run is `bench/submit_ratio.py`)."""

import pytest

pytestmark = pytest.mark.django_db


def test_submit_ratio_bench_smoke(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from bench.submit_ratio import measure, prepare
    from madoguchi.applications.models import Application

    client = prepare()
    result = measure(client, requests=4, rounds=2)
    assert result["ratio"] > 0
    assert result["queries"]["submit"] > result["queries"]["bare"] >= 1
    # 4 measured + 1 warm-up + 1 counted
    assert Application.objects.filter(procedure__code="jidou-teate-genkyo").count() == 6
