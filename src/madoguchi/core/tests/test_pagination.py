"""The pagination component: a bounded number of links, whatever the page count."""

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def render_page(number: int, pages: int) -> str:
    page_obj = Paginator(range(pages * 10), 10).page(number)
    request = RequestFactory().get("/opendata/", {"q": "避難", "page": number})
    return render_to_string("core/components/pagination.html", {"page_obj": page_obj}, request=request)


def test_a_thousand_pages_give_a_dozen_links_with_first_and_last():
    html = render_page(500, 1000)
    linked = [int(n) for n in re.findall(r"page=(\d+)\">\d+</a>", html)]
    assert linked == [1, 498, 499, 501, 502, 1000]
    assert '<span aria-current="page">500</span>' in html
    assert html.count("…") == 2
    assert "q=%E9%81%BF%E9%9B%A3" in html  # the search is kept in every link


def test_few_pages_are_all_linked():
    html = render_page(2, 4)
    assert [int(n) for n in re.findall(r"page=(\d+)\">\d+</a>", html)] == [1, 3, 4]
    assert "…" not in html
