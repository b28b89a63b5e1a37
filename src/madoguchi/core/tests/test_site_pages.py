"""Every public page carries the site menu, the site search and the footer's links; the footer's
pages exist, name the city, and speak English in English mode (issue 29 item 4)."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

PUBLIC = [
    "core:home",
    "procedures:list",
    "lifeevents:index",
    "counter:reserve",
    "participation:index",
    "opendata:index",
    "assistant:ask",
    "identity:login",
    "core:search",
    "core:privacy_policy",
    "core:terms",
    "core:accessibility",
    "core:contact",
]
FOOTER = ["core:privacy_policy", "core:terms", "core:accessibility", "core:contact"]
MENU = [
    "procedures:list",
    "lifeevents:index",
    "counter:reserve",
    "participation:index",
    "opendata:index",
    "pdca:index",
    "core:contact",
]


@pytest.fixture
def city():
    city = MunicipalityFactory()
    bu = DepartmentFactory(
        code="shimin-seikatsu", name="市民生活部", name_en="Civic Affairs Department", kind="bu"
    )
    DepartmentFactory(
        code="shimin", name="市民課", name_en="Residents Division", parent=bu, phone="042-325-0111"
    )
    DepartmentFactory(
        code="kenko", name="健康推進課", name_en="", phone="042-321-1801", email="kenko@example.jp"
    )
    return city


def menu_of(page: str) -> str:
    found = re.search(r'<nav aria-label="サイトメニュー">.*?</nav>', page, re.S)
    return found.group() if found else ""


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_page_has_the_menu_the_search_and_the_footer_links(client, city, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<summary class="site-menu__button">' in page
    menu = menu_of(page)
    assert re.findall(r'href="([^"]+)"', menu) == [reverse(n) for n in MENU]
    # the box in the header and its copy inside the phone menu, both labelled, both GET /search/
    assert page.count(f'action="{reverse("core:search")}" method="get"') == 2
    assert 'for="site-search-header"' in page and 'for="site-search-menu"' in page
    footer = page[page.index('<footer class="site-footer">') :]
    for target in FOOTER:
        assert f'href="{reverse(target)}"' in footer


def test_the_current_section_is_marked_in_the_menu(client, city):
    menu = menu_of(client.get(reverse("opendata:index")).content.decode())
    assert f'<a href="{reverse("opendata:index")}" aria-current="true">' in menu
    assert menu.count("aria-current") == 1


@pytest.mark.parametrize(
    "path,shown", [("/staff/cases/", False), ("/opendata/staff/", False), ("/opendata/", True)]
)
def test_staff_pages_have_no_resident_menu(rf, path, shown):
    html = Template("{% load site %}{% site_find %}").render(Context({"request": rf.get(path)}))
    assert ("site-menu__button" in html) is shown


@pytest.mark.parametrize(
    "name,says",
    [
        (
            "core:privacy_policy",
            ["個人情報保護法第69条", "開示（個人情報保護法第76条）", "sessionid", "/privacy/my-records/"],
        ),
        ("core:terms", ["第6条第3項", "免責"]),
        ("core:accessibility", ["JIS X 8341-3:2016", "AA に準拠", "違反 0件", "axe-core 4."]),
        ("core:contact", ["市民課", "042-321-1801", "kenko@example.jp", "健康推進課"]),
    ],
)
def test_the_footer_pages_say_what_a_city_publishes(client, city, name, says):
    page = client.get(reverse(name)).content.decode()
    assert city.name in page
    for text in says:
        assert text in page


def test_the_contact_page_groups_divisions_under_their_department(client, city):
    page = client.get(reverse("core:contact")).content.decode()
    assert page.index("市民生活部") < page.index("市民課")
    assert "その他の担当" in page  # 健康推進課 has no parent here


def test_english_mode_shows_english(client, city):
    client.cookies["madoguchi_language"] = "en"
    home = client.get(reverse("core:home")).content.decode()
    for text in ["Menu", "Privacy policy", "Terms of use", "Accessibility", "Contact us", "Search"]:
        assert text in home, text
    contact = client.get(reverse("core:contact")).content.decode()
    assert "Residents Division" in contact
    assert '<th scope="row" lang="ja">健康推進課</th>' in contact  # no English name: read as Japanese
    privacy = client.get(reverse("core:privacy_policy")).content.decode()
    assert "Act on the Protection of Personal Information" in privacy


def test_the_footer_gives_the_english_address_and_hours_in_english(client):
    MunicipalityFactory(
        address="東京都国分寺市泉町二丁目2番18号",
        opening_hours="平日 8:30〜17:00",
        address_en="2-2-18 Izumicho, Kokubunji, Tokyo 185-8501",
        opening_hours_en="Weekdays 8:30–17:00",
    )

    def footer(language):
        client.cookies["madoguchi_language"] = language
        page = client.get("/").content.decode()
        return page[page.index('<footer class="site-footer">') :]

    english = footer("en")
    assert "2-2-18 Izumicho, Kokubunji, Tokyo 185-8501" in english and "Weekdays 8:30–17:00" in english
    assert "泉町" not in english and "平日" not in english
    japanese = footer("ja")
    assert '<span lang="ja">〒' in japanese and "泉町二丁目" in japanese and "Izumicho" not in japanese
