"""The life-event rules (ライフイベントの手続案内): for each life event, the questions to ask about
the household and the procedures each answer brings in — with where, when and what to bring.

Plain data, reviewed by the departments; `plan_for` turns answers into the resident's list.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from madoguchi.core import residents

from .catalog import ProcedureInfo, procedure_info


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    hint: str = ""


QUESTIONS = {
    q.code: q
    for q in [
        Question(
            "children",
            _("高校生年代までの子がいますか（今回生まれる子を含みます）"),
            _("18歳になった後の最初の3月31日までの子"),
        ),
        Question(
            "nhi",
            _("国民健康保険に加入している（または加入する）人がいますか"),
            _("会社の健康保険に入っていない自営業・無職の方など"),
        ),
        Question("pension", _("国民年金の第1号被保険者（20〜59歳の自営業・学生・無職の方）がいますか")),
        Question("age65", _("65歳以上の人がいますか")),
        Question("age75", _("75歳以上の人がいますか")),
        Question("care", _("要介護・要支援の認定を受けている人がいますか")),
        Question("school", _("市立の小・中学校に通う（転校する）子がいますか")),
        Question("seal", _("印鑑登録をしている、または登録したいですか")),
        Question("dog", _("犬を飼っていますか")),
        Question(
            "card",
            _("マイナンバーカードを持っていますか"),
            _("カードがあるとオンラインやコンビニでできる手続が増えます"),
        ),
    ]
}


@dataclass(frozen=True)
class Step:
    """One thing to do: a procedure (by code) or a plain piece of advice (`code` starting 'note:')."""

    code: str
    when: str
    bring: tuple = ()
    condition: Callable[[dict], bool] = lambda answers: True
    title: str = ""  # for notes
    where: str = ""  # for notes, or to override the department's place
    required: bool = True


def has(*codes: str) -> Callable[[dict], bool]:
    return lambda answers: all(answers.get(code) for code in codes)


@dataclass(frozen=True)
class LifeEvent:
    code: str
    title: str
    description: str
    questions: tuple[str, ...]
    steps: tuple[Step, ...]
    counter_category: str = "life"  # the queue category for a visit
    order: int = 0


# Where each department receives residents in the city hall.
PLACES = {
    "shimin": _("市民課（1階 1〜4番窓口）"),
    "hoken-nenkin": _("保険年金課（1階 5〜7番窓口）"),
    "kodomo-shien": _("子ども子育て支援課（2階 11番窓口）"),
    "hoiku": _("保育幼稚園課（2階 12番窓口）"),
    "kaigo": _("介護保険課（1階 8番窓口）"),
    "korei": _("高齢福祉課（1階 9番窓口）"),
    "kenko": _("健康推進課（いずみプラザ）"),
    "bosai": _("防災安全課（3階）"),
}

ID = _("本人確認書類（マイナンバーカード、運転免許証など）")
CARD = _("マイナンバーカード（お持ちの方）")
BANK = _("振込先口座がわかるもの（通帳など）")
INSURANCE_CARD = _("健康保険の資格がわかるもの")
WITHIN_14 = _("14日以内")

EVENTS = [
    LifeEvent(
        "tennyu",
        _("引っ越してきた（転入）"),
        _("市外から国分寺市に引っ越してきたときの手続です。"),
        ("children", "nhi", "pension", "age65", "age75", "care", "school", "seal", "dog", "card"),
        (
            Step(
                "tennyu-todoke",
                _("引っ越した日から14日以内"),
                (_("転出証明書（カードで転出届をした方はマイナンバーカード）"), ID, CARD),
            ),
            Step("kokuho-kanyu", WITHIN_14, (ID,), has("nhi")),
            Step("kokumin-nenkin", WITHIN_14, (_("基礎年金番号がわかるもの"),), has("pension")),
            Step("jidou-teate-nintei", _("転入の翌日から15日以内"), (BANK, ID), has("children")),
            Step("kodomo-iryo", _("転入の日から30日以内"), (INSURANCE_CARD,), has("children")),
            Step("kaigo-shikaku", WITHIN_14, (), has("age65")),
            Step(
                "kaigo-nintei-tennyu",
                _("転入の日から14日以内"),
                (_("前住所地の受給資格証明書"),),
                has("care"),
            ),
            Step("koki-korei", WITHIN_14, (_("前住所地の負担区分等証明書"),), has("age75")),
            Step("inkan-toroku", _("必要なとき"), (_("登録する印鑑"), ID), has("seal"), required=False),
            Step(
                "note:school",
                _("転入の手続のあと"),
                (_("在学証明書・教科書給与証明書"),),
                has("school"),
                _("小・中学校の転入学の手続"),
                _("学務課（4階）"),
            ),
            Step(
                "note:dog",
                _("30日以内"),
                (_("前住所地の犬の鑑札"),),
                has("dog"),
                _("犬の登録の変更"),
                _("環境対策課（3階）"),
            ),
        ),
        order=10,
    ),
    LifeEvent(
        "tenshutsu",
        _("市外へ引っ越す（転出）"),
        _(
            "国分寺市から市外へ引っ越すときの手続です。マイナンバーカードがあれば転出届はオンラインでできます。"
        ),
        ("children", "nhi", "age65", "age75", "seal", "dog", "card"),
        (
            Step("tenshutsu", _("引っ越す日の30日前から引っ越した日の14日後まで"), (ID, CARD)),
            Step("kokuho-soshitsu", WITHIN_14, (_("国民健康保険の資格確認書（お持ちの方）"),), has("nhi")),
            Step("jidou-teate-shometsu", _("転出の日まで"), (), has("children")),
            Step(
                "note:iryosho",
                _("転出の日まで"),
                (_("子どもの医療証"),),
                has("children"),
                _("子どもの医療証の返却"),
                PLACES["kodomo-shien"],
            ),
            Step("kaigo-shikaku", WITHIN_14, (_("介護保険被保険者証"),), has("age65")),
            Step("koki-korei", WITHIN_14, (_("後期高齢者医療の資格確認書"),), has("age75")),
            Step(
                "note:seal",
                _("手続は不要です"),
                (),
                has("seal"),
                _("印鑑登録は転出届で自動的に廃止されます"),
                PLACES["shimin"],
                required=False,
            ),
            Step(
                "note:dog",
                _("新住所地で30日以内"),
                (_("犬の鑑札"),),
                has("dog"),
                _("犬の登録の変更（新住所地で）"),
                _("新住所地の市区町村"),
            ),
        ),
        order=20,
    ),
    LifeEvent(
        "tenkyo",
        _("市内で引っ越した（転居）"),
        _("国分寺市内で住所が変わったときの手続です。"),
        ("children", "nhi", "dog", "card"),
        (
            Step("tenkyo-todoke", _("引っ越した日から14日以内"), (ID, CARD)),
            Step("jidou-teate-henko", _("転居の後すみやかに"), (), has("children")),
            Step(
                "note:nhi",
                _("手続は不要です"),
                (),
                has("nhi"),
                _("国民健康保険の住所は転居届で変わります（新しい資格確認書を郵送します）"),
                PLACES["hoken-nenkin"],
                required=False,
            ),
            Step("note:dog", _("30日以内"), (), has("dog"), _("犬の登録の住所変更"), _("環境対策課（3階）")),
        ),
        order=30,
    ),
    LifeEvent(
        "kekkon",
        _("結婚する"),
        _("婚姻届と、氏名・住所・保険が変わるときの手続です。"),
        ("children", "nhi", "pension", "seal", "card"),
        (
            Step("kon-in-todoke", _("届け出た日に婚姻が成立します"), (ID, _("証人2人が署名した婚姻届"))),
            Step("kokuho-kanyu", WITHIN_14, (INSURANCE_CARD,), has("nhi")),
            Step("kokumin-nenkin", WITHIN_14, (_("基礎年金番号がわかるもの"),), has("pension")),
            Step("jidou-teate-henko", _("すみやかに"), (), has("children")),
            Step(
                "note:card",
                _("14日以内"),
                (CARD,),
                has("card"),
                _("マイナンバーカードの記載事項の変更（氏名・住所）"),
                PLACES["shimin"],
            ),
            Step(
                "note:seal",
                _("氏が変わるとき"),
                (_("新しい印鑑"),),
                has("seal"),
                _("印鑑登録のやり直し（氏が変わると登録は廃止されます）"),
                PLACES["shimin"],
                required=False,
            ),
        ),
        order=40,
    ),
    LifeEvent(
        "rikon",
        _("離婚する"),
        _("離婚届と、保険・年金・子どもの手当の手続です。"),
        ("children", "nhi", "pension", "seal", "card"),
        (
            Step("rikon-todoke", _("協議離婚は届け出た日に成立します"), (ID,)),
            Step("kokuho-kanyu", WITHIN_14, (_("健康保険の資格喪失証明書"),), has("nhi")),
            Step("kokumin-nenkin", WITHIN_14, (_("基礎年金番号がわかるもの"),), has("pension")),
            Step("jidou-teate-nintei", _("離婚の翌日から15日以内"), (BANK,), has("children")),
            Step("kodomo-iryo", _("30日以内"), (INSURANCE_CARD,), has("children")),
            Step(
                "note:hitorioya",
                _("ご相談ください"),
                (),
                has("children"),
                _("児童扶養手当・ひとり親家庭の支援の相談"),
                PLACES["kodomo-shien"],
                required=False,
            ),
        ),
        order=50,
    ),
    LifeEvent(
        "shussei",
        _("子どもが生まれた（出生）"),
        _("出生届と、子どもの手当・医療費助成・保険の手続です。"),
        ("nhi", "card"),
        (
            Step(
                "shussei-todoke",
                _("生まれた日を含めて14日以内"),
                (_("出生証明書（医師・助産師の記入したもの）"), _("母子健康手帳"), ID),
            ),
            Step("jidou-teate-nintei", _("生まれた日の翌日から15日以内"), (BANK, ID)),
            Step("kodomo-iryo", _("生まれた日から30日以内"), (_("子の健康保険の資格がわかるもの"),)),
            Step("kokuho-kanyu", WITHIN_14, (_("母子健康手帳"),), has("nhi")),
            Step(
                "note:visit",
                _("生後4か月まで"),
                (_("母子健康手帳"),),
                title=_("出生通知票の提出（赤ちゃん訪問）"),
                where=PLACES["kenko"],
                required=False,
            ),
        ),
        order=60,
    ),
    LifeEvent(
        "shibou",
        _("家族が亡くなった（死亡）"),
        _("死亡届と、保険・年金・手当の手続です。"),
        ("nhi", "pension", "age65", "age75", "seal", "children"),
        (
            Step(
                "shibou-todoke", _("亡くなったことを知った日から7日以内"), (_("死亡診断書（死体検案書）"), ID)
            ),
            Step("kokuho-soshitsu", WITHIN_14, (_("国民健康保険の資格確認書"),), has("nhi")),
            Step(
                "sosaihi", _("葬祭を行った日から2年以内"), (_("会葬礼状または葬儀の領収書"), BANK), has("nhi")
            ),
            Step("kokumin-nenkin", _("すみやかに"), (_("年金証書"),), has("pension")),
            Step("kaigo-shikaku", WITHIN_14, (_("介護保険被保険者証"),), has("age65")),
            Step("koki-korei", WITHIN_14, (_("後期高齢者医療の資格確認書"),), has("age75")),
            Step("jidou-teate-shometsu", _("すみやかに"), (), has("children")),
            Step(
                "note:seal",
                _("手続は不要です"),
                (),
                has("seal"),
                _("印鑑登録は死亡届で自動的に廃止されます"),
                PLACES["shimin"],
                required=False,
            ),
        ),
        order=70,
    ),
    LifeEvent(
        "kaigo",
        _("介護が必要になった"),
        _("介護保険のサービスを使うための手続です。"),
        ("age65", "care"),
        (
            Step(
                "kaigo-nintei",
                _("サービスを使い始める前に"),
                (_("介護保険被保険者証"), _("主治医の氏名・医療機関")),
            ),
            Step(
                "kaigo-careplan-todoke", _("ケアプランを作る事業者が決まったら"), (_("介護保険被保険者証"),)
            ),
            Step("fukushi-yogu-konyu", _("購入した後"), (_("領収書"),), has("care"), required=False),
            Step(
                "jutaku-kaishu", _("工事の前"), (_("見積書"), _("工事前の写真")), has("care"), required=False
            ),
            Step(
                "note:korei",
                _("ご相談ください"),
                (),
                title=_("高齢者あんしん相談センター（地域包括支援センター）への相談"),
                where=PLACES["korei"],
                required=False,
            ),
        ),
        counter_category="welfare",
        order=80,
    ),
    LifeEvent(
        "shomeisho",
        _("証明書がほしい"),
        _("住民票の写しや印鑑登録証明書などの証明書です。マイナンバーカードがあればコンビニでも取れます。"),
        ("seal", "card"),
        (
            Step("juminhyo", _("いつでも（平日 8:30〜17:00）"), (ID,)),
            Step(
                "note:inkan-shomei",
                _("いつでも"),
                (_("印鑑登録証（カード）"),),
                has("seal"),
                _("印鑑登録証明書の交付（300円）"),
                PLACES["shimin"],
            ),
            Step(
                "note:konbini",
                _("毎日 6:30〜23:00"),
                (CARD, _("利用者証明用電子証明書の暗証番号（4桁）")),
                has("card"),
                _("コンビニエンスストアでの証明書の取得"),
                _("全国のコンビニエンスストア"),
                required=False,
            ),
        ),
        counter_category="certificates",
        order=90,
    ),
]
EVENTS_BY_CODE = {event.code: event for event in EVENTS}


@dataclass
class PlannedItem:
    """One line of the resident's checklist."""

    code: str
    title: str
    where: str
    when: str
    bring: list[str] = field(default_factory=list)
    department_code: str = ""
    procedure: ProcedureInfo | None = None
    required: bool = True

    @property
    def is_procedure(self) -> bool:
        return self.procedure is not None

    @property
    def online(self) -> bool:
        return bool(self.procedure and self.procedure.online)

    @property
    def online_url(self) -> str:
        return self.procedure.url if self.online else ""

    @property
    def by_post(self) -> bool:
        return bool(self.procedure and "postal" in self.procedure.channels)

    @property
    def needs_visit(self) -> bool:
        return bool(self.procedure) and not self.online


def get_event(code: str) -> LifeEvent | None:
    return EVENTS_BY_CODE.get(code)


def plan_for(event: LifeEvent | str, answers: dict) -> list[PlannedItem]:
    """Every procedure the household needs for this life event, in the order to do them."""
    if isinstance(event, str):
        event = EVENTS_BY_CODE[event]
    items = []
    for step in event.steps:
        if not step.condition(answers):
            continue
        if step.code.startswith("note:"):
            items.append(
                PlannedItem(
                    step.code,
                    str(step.title),
                    str(step.where),
                    str(step.when),
                    [str(b) for b in step.bring],
                    required=step.required,
                )
            )
            continue
        info = procedure_info(step.code)
        if info is None:  # not in this city's catalogue
            continue
        items.append(
            PlannedItem(
                code=step.code,
                title=info.name,
                where=str(step.where or PLACES.get(info.department_code, "")),
                when=str(step.when),
                bring=[str(b) for b in step.bring],
                department_code=info.department_code,
                procedure=info,
                required=step.required,
            )
        )
    return items


def answers_from_household(person, *, today: datetime.date | None = None) -> dict:
    """The answers the resident register already gives (once-only): ages in the household."""
    today = today or datetime.date.today()
    household = residents.household(person)  # the resident registry's view (core.residents)
    members = list(household.members) if household else [residents.resident(person)]
    ages = [age for age in (member.age_on(today) for member in members) if age is not None]
    return {
        "children": any(age < 18 for age in ages),
        "age65": any(age >= 65 for age in ages),
        "age75": any(age >= 75 for age in ages),
    }
