"""サイト内検索 (issue 29 item 4): one box over every app's public records, Japanese as residents
type it, results grouped by kind with counts, and a way on when nothing is found."""

import pytest
from django.urls import reverse
from django.utils import translation

from madoguchi.assistant.tests.factories_knowledge import faq
from madoguchi.core.search import Query, search_sources, site_search
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory
from madoguchi.opendata.tests.factories import DatasetFactory
from madoguchi.participation.tests.factories import ProcessFactory
from madoguchi.procedures.tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_records():
    MunicipalityFactory()
    shimin = DepartmentFactory(code="shimin", name="市民課", name_en="Residents Division")
    ProcedureFactory(
        code="juminhyo-utsushi",
        name="住民票の写しの交付申請",
        name_en="Request for a copy of the residence record",
        department=shimin,
    )
    ProcedureFactory(
        code="jidou-teate", name="児童手当の認定請求", name_en="Child allowance", department=shimin
    )
    DatasetFactory(
        title="指定緊急避難場所一覧", title_en="Designated emergency evacuation sites", published=True
    )
    DatasetFactory(title="下書きの避難所データ")  # a draft: never found
    faq(
        question="粗大ごみはどうやって出しますか",
        answer="粗大ごみ受付センターに電話かインターネットで申し込みます。",
    )
    faq(question="非公開の質問", answer="粗大ごみ", published=False)
    ProcessFactory(title="国分寺市の公園の使い方", summary="公園の使い方について意見を募集します。")


def codes(groups):
    return {group.code: [hit.title for hit in group.hits] for group in groups}


def test_every_public_kind_registers_a_source():
    assert {"procedures", "lifeevents", "faq", "datasets", "participation", "pages"} <= set(
        search_sources.codes()
    )


@pytest.mark.parametrize(
    "typed", ["じゅうみんひょう", "ジュウミンヒョウ", "ｼﾞｭｳﾐﾝﾋｮｳ", "住民票", "住民票　写し"]
)
def test_a_procedure_is_found_by_its_kanji_or_its_reading_in_any_kana(city_records, typed):
    found = codes(site_search(typed))
    assert found["procedures"] == ["住民票の写しの交付申請"]


def test_a_dataset_an_faq_and_a_process_are_found(city_records):
    assert codes(site_search("避難場所"))["datasets"] == ["指定緊急避難場所一覧"]
    assert codes(site_search("ひなんばしょ"))["datasets"] == ["指定緊急避難場所一覧"]
    assert codes(site_search("粗大ごみ"))["faq"] == ["粗大ごみはどうやって出しますか"]
    assert codes(site_search("公園"))["participation"] == ["国分寺市の公園の使い方"]
    assert codes(site_search("クッキー"))["pages"] == ["プライバシーポリシー"]


def test_every_word_must_match_and_nothing_unrelated_is_found(city_records):
    assert "procedures" not in codes(site_search("住民票 ごみ"))
    assert site_search("まったく関係のない言葉ですよ") == []
    assert site_search("   ") == []


def test_a_title_outranks_a_body():
    query = Query.parse("保育")
    assert query.score(("保育園の入園申込み", 3)) > query.score(("申込みの案内。保育のことも", 1)) > 0


def test_the_results_page_groups_by_kind_with_counts(client, city_records):
    response = client.get(reverse("core:search"), {"q": "じゅうみんひょう"})
    page = response.content.decode()
    assert response.status_code == 200
    total = sum(group.count for group in site_search("じゅうみんひょう"))
    assert f'<p role="status" class="lead">「じゅうみんひょう」に一致するもの：{total}件</p>' in page
    assert f"<title>「じゅうみんひょう」の検索結果（{total}件）" in page
    assert '<h2 id="kind-procedures">手続（1件）</h2>' in page
    assert '<a href="#kind-procedures">手続（1件）</a>' in page  # the counts by kind, linked
    assert reverse("procedures:detail", args=["juminhyo-utsushi"]) in page


def test_more_of_one_kind_on_its_own_page(client, city_records):
    for number in range(7):
        ProcedureFactory(name=f"証明書の交付申請その{number}")
    page = client.get(reverse("core:search"), {"q": "交付申請"}).content.decode()
    assert "手続（8件）" in page and "kind=procedures" in page
    only = client.get(reverse("core:search"), {"q": "交付申請", "kind": "procedures"}).content.decode()
    assert only.count('class="search-result"') == 8


def test_nothing_found_offers_the_assistant_and_the_catalogs(client, city_records):
    page = client.get(reverse("core:search"), {"q": "まったく関係のない言葉ですよ"}).content.decode()
    assert "一致するものは見つかりませんでした" in page
    assert reverse("assistant:ask") + "?q=" in page
    assert f'href="{reverse("procedures:list")}"' in page
    assert f'href="{reverse("opendata:index")}"' in page


def test_english_mode_shows_english(client, city_records):
    client.cookies["madoguchi_language"] = "en"
    page = client.get(reverse("core:search"), {"q": "住民票"}).content.decode()
    assert "Request for a copy of the residence record" in page
    with translation.override("en"):
        assert "Procedures (1)" in page
        assert "Site search" in page


def test_a_long_or_odd_query_is_answered_calmly(client, city_records):
    assert client.get(reverse("core:search"), {"q": "x" * 5000}).status_code == 200
    assert client.get(reverse("core:search"), {"q": 'title:"避難 AND (', "kind": "nope"}).status_code == 200
