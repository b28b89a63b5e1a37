"""Keyboard-only use of the main resident flow, and content reachable at 200% zoom.

Keyboard: skip link first, then the language switch, then home → procedure catalog → search
form → a procedure, using only Tab, Shift+Tab and Enter, with a visible focus indicator.
Zoom: at 200% a 1280-px window is 640 CSS px wide; no page may need horizontal scrolling
for its main content (WCAG 1.4.10 Reflow), in standard and large text.
"""

import threading

import pytest
from django.db import connection
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from madoguchi.core.demo import demo_loaders
from madoguchi.core.tests.factories import MunicipalityFactory

from .routes import all_routes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                  || (style.boxShadow && style.boxShadow !== 'none');
  return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
          href: el.getAttribute('href') || '', visible: visible};
}"""


def load_loaders(*codes):
    """Some demo loaders (no cards or signed PDFs: the keyboard test needs only the catalog)."""
    errors = []

    def run():
        try:
            for loader in sorted(demo_loaders, key=lambda item: (item.order, item.code)):
                if loader.code in codes:
                    loader.load(lambda line: None)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def tab_to(page, matches, *, limit=80, backwards=False):
    """Press Tab until `matches(focused)` holds; every stop must show a focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["visible"], f"no visible focus indicator on {focused}"
        if matches(focused):
            return focused
    raise AssertionError(f"could not reach the element by Tab in {limit} presses on {page.url}")


@pytest.fixture
def catalog():
    MunicipalityFactory()
    load_loaders("city", "procedures")


def test_skip_link_and_language_switch_by_keyboard(catalog, page):
    page.goto("/")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["text"] == "本文へ移動" and first["href"] == "#main", first
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    page.goto("/")
    _switch_language_by_keyboard(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # waits for the new page
    _switch_language_by_keyboard(page, "ja")
    expect(page.locator("html")).to_have_attribute("lang", "ja")  # waits for the new page


def _switch_language_by_keyboard(page, code):
    """Tab to the language list, move with the arrow keys to `code`, tab to the button, Enter."""
    tab_to(page, lambda f: f["id"] == "language-select")
    for _ in range(6):
        if page.evaluate("() => document.activeElement.value") == code:
            break
        page.keyboard.press("ArrowDown" if code != "ja" else "ArrowUp")
    assert page.evaluate("() => document.activeElement.value") == code
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_find_a_procedure_by_keyboard(catalog, page):
    try:
        catalog_url = reverse("procedures:list")
    except NoReverseMatch:
        pytest.skip("the procedures app is not installed")
    page.goto("/")
    tab_to(page, lambda f: f["href"].startswith(catalog_url))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{catalog_url}*")
    tab_to(page, lambda f: f["tag"] == "input" and f["id"] == "q")
    page.keyboard.type("児童手当")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    link = tab_to(page, lambda f: f["tag"] == "a" and "/procedures/" in f["href"] and "児童手当" in f["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{link['href']}")
    assert "児童手当" in page.get_by_role("heading", level=1).inner_text()


OVERFLOW = """() => {
  const main = document.querySelector('main');
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll('main *')].filter(el => el.getBoundingClientRect().right > doc.clientWidth + 1
      && getComputedStyle(el).position !== 'fixed' && !el.closest('.table-scroll, [data-scroll-x]'))
    .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
  return {page: doc.scrollWidth - doc.clientWidth, main: main ? main.scrollWidth - main.clientWidth : 0, wide};
}"""


def public_pages():
    pages = []
    for route in all_routes():
        if route.has_object_args or route.regex or not route.name:
            continue
        if route.route.startswith(("admin/", "api/", "i18n/", "idp/")) or "staff" in route.route:
            continue
        if route.route.endswith(
            (".csv", ".json", ".pdf", ".ttl", ".rdf", ".jsonld", ".xml", "healthz", "readyz", "metrics")
        ):
            continue
        pages.append(route.sample_path())
    return [p for p in pages if p]


@pytest.mark.parametrize("text_size", ["standard", "large"])
def test_pages_reflow_at_200_percent_zoom(catalog, page, text_size):
    page.set_viewport_size({"width": 640, "height": 900})
    page.goto(f"/text-size/{text_size}/?next=/")
    problems, checked = [], 0
    for path in public_pages():
        try:
            response = page.goto(path)
        except PlaywrightError:  # POST-only or a download: not a page
            continue
        if (
            response is None
            or response.status != 200
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        checked += 1
        overflow = page.evaluate(OVERFLOW)
        if overflow["page"] > 1 or overflow["main"] > 1:
            problems.append(f"{path}: {overflow}")
    assert checked >= 1
    assert not problems, "horizontal scrolling needed at 640 CSS px (200% zoom):\n" + "\n".join(problems)
