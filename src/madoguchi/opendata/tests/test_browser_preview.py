"""In a real browser: the wide preview scrolls inside its region while the name column stays in
view, at desktop and phone widths; axe finds nothing."""

import pytest

from .test_preview_wide_and_map import shelters  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_wide_preview_scrolls_with_a_sticky_name(page, live_server, shelters, width, height):  # noqa: F811
    from tests.quality.a11y import run_axe

    dataset, resource = shelters
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/opendata/dataset/{dataset.name}/resource/{resource.id}/")
    region = page.get_by_role("region", name="全2行")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")  # wider than the screen: it scrolls
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"
    )  # the page does not
    name_cell = page.get_by_role("rowheader", name="第一小学校")
    before = name_cell.bounding_box()["x"]
    region.evaluate("e => { e.scrollLeft = 600; }")
    assert abs(name_cell.bounding_box()["x"] - before) < 1  # stuck to the left edge
    page.screenshot(path=f"/tmp/preview-{width}.png", full_page=False)
    assert run_axe(page) == []
