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


def test_a_procedure_is_answerable_as_soon_as_it_is_published(knowledge):
    from madoguchi.procedures.services import load_procedure_definition
    from madoguchi.procedures.tests.factories import definition, demo_departments

    demo_departments()
    draft = definition("risai-shomei")
    load_procedure_definition(draft, publish=False)
    assert "risai-shomei" not in [a.procedure_slug for a in answer("罹災証明書を申請したい").answers]
    load_procedure_definition(draft, publish=True)
    result = answer("りさいしょうめい 申請")
    top = result.answers[0]
    assert (top.source, top.procedure_slug) == ("procedure", "risai-shomei")
    assert top.url.endswith("/risai-shomei/")
    assert top.start_url and top.start_url.endswith("/risai-shomei/form/")  # applied for online


def test_an_faq_linking_a_procedure_carries_its_start_online_link(knowledge):
    from madoguchi.procedures.tests.factories import bundled_procedure, demo_departments

    demo_departments()
    bundled_procedure("tenshutsu")
    moving = faq(
        "tenshutsu",
        question="市外に引っ越すときの手続",
        answer="転出届を出してください。",
        procedure_codes=["tenshutsu"],
    )
    result = answer("引越しで市外に出ます")
    card = next(a for a in result.answers if a.faq_id == moving.pk)  # beside the life event 転出
    assert card.start_url.endswith("/tenshutsu/form/")
    # the procedure's own card is left out: the FAQ already links it
    assert "procedure" not in [a.source for a in result.answers if a.procedure_slug == "tenshutsu"]


def test_editing_an_faq_changes_the_answer_at_once(knowledge):
    from madoguchi.assistant import services
    from madoguchi.core.tests.factories import staff_member

    clerk = staff_member(knowledge["sodai"].department)
    before = answer("ソファーを処分したい")
    assert not before.confident and knowledge["sodai"].pk not in [a.faq_id for a in before.answers[:1]]
    services.add_variant(knowledge["sodai"], text="ソファーを処分したい", by=clerk)
    assert answer("ソファーを処分したい").answers[0].faq_id == knowledge["sodai"].pk


def test_english_answers_when_asked_in_english(knowledge):
    knowledge["juminhyo"].question_en = "How do I get a residence certificate?"
    knowledge["juminhyo"].answer_en = "At the Residents Division."
    knowledge["juminhyo"].save()
    top = answer("residence certificate", language="en").answers[0]
    assert (top.faq_id, top.title, top.answer) == (
        knowledge["juminhyo"].pk,
        "How do I get a residence certificate?",
        "At the Residents Division.",
    )
    assert 0.0 <= top.score <= 1.0
