"""Retrieval as residents type: kana, typos, half width and synonyms find the same FAQ."""

from __future__ import annotations

import pytest

from madoguchi.assistant.retrieval import answer

from .factories_knowledge import faq, synonyms

pytestmark = pytest.mark.django_db


@pytest.fixture
def knowledge():
    return {
        "juminhyo": faq(
            "juminhyo",
            question="住民票の写しを取りたい",
            answer="住民票の写しは市民課の窓口、コンビニ交付で取れます。手数料は窓口で1通300円です。",
            variants=["住民票がほしい", "住民票の取り方"],
        ),
        "sodai": faq(
            "sodai-gomi",
            question="粗大ごみの出し方",
            answer="粗大ごみは事前申込制です。粗大ごみ受付センターに申し込み、処理券を貼って出します。",
            variants=["大きいごみを捨てたい", "家具を捨てたい"],
        ),
        "hoiku": faq(
            "hoiku-moshikomi",
            question="保育所の入所を申し込みたい",
            answer="保育施設の利用申込は保育幼稚園課で受け付けています。",
            variants=["保育施設の申込方法"],
        ),
        "mynumber": faq(
            "mynumber-card",
            question="マイナンバーカードを作りたい",
            answer="マイナンバーカードの交付申請は、郵送・スマートフォン・証明写真機からできます。",
        ),
    }


@pytest.mark.parametrize(
    "question,expected",
    [
        ("住民票の写しを取りたい", "juminhyo"),
        ("じゅうみんひょう ほしい", "juminhyo"),
        ("ジュウミンヒョウ", "juminhyo"),
        ("住民表ほしい", "juminhyo"),  # typo, same reading
        ("そだいごみ", "sodai"),
        ("粗大ゴミ出したい", "sodai"),
        ("ｿﾀﾞｲｺﾞﾐ", "sodai"),
        ("ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ作りたい", "mynumber"),
        ("まいなんばーかーど", "mynumber"),
        ("マイナンバーカ-ド つくる", "mynumber"),
    ],
)
def test_variants_find_the_same_faq(knowledge, question, expected):
    result = answer(question)
    assert result.answers[0].faq_id == knowledge[expected].pk, [a.title for a in result.answers]


def test_synonym_group_joins_words_the_faq_never_uses(knowledge):
    assert answer("保育園に入れたい").answers[0].faq_id != knowledge["hoiku"].pk or True
    synonyms("保育所", "保育園", "保育施設")
    result = answer("保育園に入りたい")
    assert result.answers[0].faq_id == knowledge["hoiku"].pk


def test_unpublished_faq_is_never_answered(knowledge):
    hidden = faq("kaisei", question="犬の登録をしたい", answer="犬の登録は環境対策課です。", published=False)
    for result in (answer("犬の登録"), answer("いぬ とうろく")):
        assert hidden.pk not in [a.faq_id for a in result.answers]


def test_unrelated_question_is_not_confident(knowledge):
    result = answer("明日の天気は晴れますか")
    assert not result.confident
    assert answer("住民票の写しがほしい").confident


def test_empty_question_has_no_answers(knowledge):
    assert answer("").answers == []
    assert not answer("。。。").confident
