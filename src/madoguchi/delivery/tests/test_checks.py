from madoguchi.delivery.checks import delivery_is_configured_for_production


def test_production_with_the_sandbox_gateway_is_warned(settings):
    settings.PRODUCTION = True
    settings.MADOGUCHI_PAYMENT_PROVIDER = "sandbox"
    settings.MADOGUCHI_PUBLIC_URL = "http://127.0.0.1:8000"
    ids = {w.id for w in delivery_is_configured_for_production(None)}
    assert ids == {"madoguchi.delivery.W001", "madoguchi.delivery.W002"}
    settings.MADOGUCHI_PAYMENT_PROVIDER = "gateway"
    settings.MADOGUCHI_PUBLIC_URL = "https://madoguchi.city.example.jp"
    assert delivery_is_configured_for_production(None) == []
    settings.PRODUCTION = False
    settings.MADOGUCHI_PAYMENT_PROVIDER = "sandbox"
    assert delivery_is_configured_for_production(None) == []
