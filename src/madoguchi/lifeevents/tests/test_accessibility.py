"""axe-core in a real browser on the public pages of the navigator and the counter (JIS X 8341-3 AA)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/life-events/shussei/",
    "/life-events/shussei/checklist/?nhi=on",
    "/counter/",
    "/counter/signage/",
]


def test_public_pages_have_no_serious_accessibility_violations(page, catalogue):
    from madoguchi.counter.models import ServiceCategory

    ServiceCategory.objects.create(code="life", name="住所変更・戸籍の届出", prefix="B")
    for url in PAGES:
        page.goto(url)
        page.add_script_tag(url="/static/core/vendor/axe.min.js")
        result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
        serious = [
            (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{url}: {serious}"
