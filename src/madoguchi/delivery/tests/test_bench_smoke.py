"""The certificate benchmark runs (one render and signature); timing is not asserted here."""


def test_certificate_bench_smoke():
    from bench import certificate_sign

    result = certificate_sign.run(runs=1)
    assert result["runs"] == 1 and result["total_ms"] > 0
