"""自治体標準オープンデータセット: the Digital Agency's column definitions (データ項目定義書) written
as frictionless Table Schemas by the project.

Every set starts with 全国地方公共団体コード, ID, 地方公共団体名. Coordinates are WGS84 decimal degrees;
the ranges below cover Japan (沖ノ鳥島 20.4°N … 択捉島 45.6°N, 与那国島 122.9°E … 南鳥島 154.0°E), so
a swapped or mistyped coordinate is refused. Columns are those the Agency's definitions list for
each set, slightly abridged where a column is rarely used (recorded in `docs/adr`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LATITUDE_RANGE = (20.0, 46.0)
LONGITUDE_RANGE = (122.0, 154.0)
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
YES_NO = ["有", "無", ""]
FLAG = ["1", ""]


def _f(name: str, type_: str = "string", *, required: bool = False, title: str = "", **constraints) -> dict:
    field: dict = {"name": name, "type": type_}
    if title:
        field["title"] = title
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


COMMON = [
    _f("全国地方公共団体コード", required=True, pattern=r"^[0-9]{6}$", title="Local government code"),
    _f("ID", required=True, title="ID"),
    _f("地方公共団体名", required=True, title="Local government name"),
]


def _names(required: bool = True) -> list[dict]:
    return [_f("名称", required=required), _f("名称_カナ"), _f("名称_英字")]


ADDRESS = [
    _f("所在地_連結表記"),
    _f("所在地_都道府県"),
    _f("所在地_市区町村"),
    _f("所在地_町字"),
    _f("所在地_番地以下"),
    _f("建物名等(方書)"),
]
COORDS = [
    _f("緯度", "number", minimum=LATITUDE_RANGE[0], maximum=LATITUDE_RANGE[1]),
    _f("経度", "number", minimum=LONGITUDE_RANGE[0], maximum=LONGITUDE_RANGE[1]),
]
CONTACT = [_f("電話番号"), _f("内線番号"), _f("連絡先メールアドレス")]
HOURS = [
    _f("利用可能曜日"),
    _f("開始時間", pattern=TIME_PATTERN),
    _f("終了時間", pattern=TIME_PATTERN),
    _f("利用可能日時特記事項"),
]
TAIL = [_f("URL"), _f("画像"), _f("画像_ライセンス"), _f("備考")]


@dataclass(frozen=True)
class StandardType:
    code: str  # the Agency's number, two digits; "L" codes are the city's own schemas
    title: str  # lazy-translated
    slug: str  # English file name part: 132144_<slug>.csv
    fields: list[dict]
    keywords: tuple[str, ...] = ()

    @property
    def is_national(self) -> bool:
        return not self.code.startswith("L")

    def file_name(self, lg_code: str) -> str:
        return f"{lg_code}_{self.slug}.csv"

    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    def table_schema(self, base_url: str = "") -> dict:
        """The frictionless Table Schema descriptor."""
        return {
            "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
            "name": self.slug,
            "title": str(self.title),
            "fields": self.fields,
            "primaryKey": ["ID"],
            "missingValues": [""],
        }

    @property
    def has_coordinates(self) -> bool:
        return "緯度" in self.field_names() and "経度" in self.field_names()


TYPES: dict[str, StandardType] = {}


def _register(t: StandardType) -> None:
    TYPES[t.code] = t


_register(
    StandardType(
        "01",
        _("公共施設一覧"),
        "public_facility",
        [
            *COMMON,
            *_names(),
            _f("名称_通称"),
            _f("POIコード"),
            *ADDRESS,
            *COORDS,
            *CONTACT,
            _f("法人番号", pattern=r"^[0-9]{13}$"),
            _f("団体名"),
            *HOURS,
            _f("料金（基本）"),
            _f("料金（詳細）"),
            _f("説明"),
            _f("バリアフリー情報"),
            *TAIL,
        ],
        ("施設", "公共施設"),
    )
)
_register(
    StandardType(
        "03",
        _("指定緊急避難場所一覧"),
        "evacuation_space",
        [
            *COMMON,
            *_names(),
            *ADDRESS,
            *COORDS,
            _f("標高", "number"),
            *CONTACT,
            _f("災害種別_洪水", enum=FLAG),
            _f("災害種別_崖崩れ、土石流及び地滑り", enum=FLAG),
            _f("災害種別_高潮", enum=FLAG),
            _f("災害種別_地震", enum=FLAG),
            _f("災害種別_津波", enum=FLAG),
            _f("災害種別_大規模な火事", enum=FLAG),
            _f("災害種別_内水氾濫", enum=FLAG),
            _f("災害種別_火山現象", enum=FLAG),
            _f("指定避難所との住所同一", enum=FLAG),
            _f("想定収容人数", "integer", minimum=0),
            _f("対象となる町会・自治会"),
            *TAIL,
        ],
        ("避難", "避難所", "防災", "災害"),
    )
)
_register(
    StandardType(
        "04",
        _("地域・年齢別人口"),
        "population",
        [
            *COMMON,
            _f("調査年月日", "date", required=True),
            _f("町字ID"),
            _f("地域名", required=True),
            _f("年齢", required=True),
            _f("総数", "integer", required=True, minimum=0),
            _f("男", "integer", minimum=0),
            _f("女", "integer", minimum=0),
            _f("備考"),
        ],
        ("人口", "統計"),
    )
)
_register(
    StandardType(
        "05",
        _("子育て施設一覧"),
        "preschool",
        [
            *COMMON,
            *_names(),
            _f(
                "種別",
                required=True,
                enum=[
                    "認可保育所",
                    "認定こども園",
                    "幼稚園",
                    "小規模保育事業",
                    "家庭的保育事業",
                    "事業所内保育事業",
                    "認証保育所",
                    "子育てひろば",
                    "児童館",
                    "その他",
                ],
            ),
            *ADDRESS,
            *COORDS,
            *CONTACT,
            _f("FAX番号"),
            _f("法人番号", pattern=r"^[0-9]{13}$"),
            _f("団体名"),
            _f("定員", "integer", minimum=0),
            _f("受入年齢"),
            *HOURS,
            _f("一時預かりの有無", enum=YES_NO),
            *TAIL,
        ],
        ("子育て", "保育", "保育園", "幼稚園"),
    )
)
_register(
    StandardType(
        "07",
        _("公衆無線LANアクセスポイント一覧"),
        "public_wireless_lan",
        [
            *COMMON,
            *_names(),
            *ADDRESS,
            *COORDS,
            _f("設置者"),
            *CONTACT,
            _f("SSID", required=True),
            _f("提供エリア"),
            _f("利用開始時間", pattern=TIME_PATTERN),
            _f("利用終了時間", pattern=TIME_PATTERN),
            *TAIL,
        ],
        ("Wi-Fi", "無線LAN", "公衆無線LAN", "インターネット"),
    )
)
_register(
    StandardType(
        "08",
        _("AED設置箇所一覧"),
        "aed_location",
        [
            *COMMON,
            *_names(),
            *ADDRESS,
            *COORDS,
            _f("設置位置"),
            *CONTACT,
            _f("法人番号", pattern=r"^[0-9]{13}$"),
            _f("団体名"),
            *HOURS,
            _f("小児対応設備の有無", enum=YES_NO),
            *TAIL,
        ],
        ("AED", "救命", "防災"),
    )
)
_register(
    StandardType(
        "12",
        _("イベント一覧"),
        "event",
        [
            *COMMON,
            _f("イベント名", required=True),
            _f("イベント名_カナ"),
            _f("イベント名_英字"),
            _f("開始日", "date", required=True),
            _f("終了日", "date"),
            _f("開始時間", pattern=TIME_PATTERN),
            _f("終了時間", pattern=TIME_PATTERN),
            _f("開催場所名称"),
            *ADDRESS,
            *COORDS,
            _f("説明"),
            _f("料金（基本）"),
            _f("対象者"),
            _f("申込方法"),
            *CONTACT,
            *TAIL,
        ],
        ("イベント", "催し"),
    )
)
_register(
    StandardType(
        "13",
        _("公衆トイレ一覧"),
        "public_toilet",
        [
            *COMMON,
            *_names(),
            *ADDRESS,
            *COORDS,
            _f("設置位置"),
            _f("男性トイレ総数", "integer", minimum=0),
            _f("女性トイレ総数", "integer", minimum=0),
            _f("バリアフリートイレ数", "integer", minimum=0),
            _f("オストメイト設置数", "integer", minimum=0),
            _f("おむつ替えシート数", "integer", minimum=0),
            *HOURS,
            *TAIL,
        ],
        ("トイレ", "バリアフリー"),
    )
)
_register(
    StandardType(
        "24",
        _("教育機関一覧"),
        "school",
        [
            *COMMON,
            *_names(),
            _f(
                "学校種別",
                required=True,
                enum=[
                    "小学校",
                    "中学校",
                    "義務教育学校",
                    "高等学校",
                    "中等教育学校",
                    "特別支援学校",
                    "大学",
                    "短期大学",
                    "高等専門学校",
                    "専修学校",
                    "各種学校",
                    "幼稚園",
                ],
            ),
            _f("設置主体", enum=["国立", "公立", "私立"]),
            *ADDRESS,
            *COORDS,
            *CONTACT,
            *TAIL,
        ],
        ("学校", "教育", "小学校", "中学校"),
    )
)
_register(
    StandardType(
        "L01",
        _("公共インターネット端末設置場所一覧（市独自）"),
        "public_internet_terminal",
        [
            *COMMON,
            *_names(),
            *ADDRESS,
            *COORDS,
            _f("設置台数", "integer", required=True, minimum=0),
            _f("プリンターの有無", enum=YES_NO),
            _f("支援員の配置", enum=YES_NO),
            *CONTACT,
            *HOURS,
            *TAIL,
        ],
        ("パソコン", "インターネット", "デジタルデバイド", "端末"),
    )
)

# The city's monthly statistics behind two 1-エ/1-イ indicators: published as open data, so the
# figure in the plan is the one anyone can recompute from the catalog.
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
_register(
    StandardType(
        "L02",
        _("公共インターネット端末 月別利用者数（市独自）"),
        "public_internet_terminal_users",
        [
            *COMMON,
            _f("名称", required=True),
            _f("年月", required=True, pattern=MONTH_PATTERN, title="Month (YYYY-MM)"),
            _f("利用者数", "integer", required=True, minimum=0, title="Users"),
            _f("備考"),
        ],
        ("パソコン", "インターネット", "デジタルデバイド", "端末", "利用状況", "統計"),
    )
)
_register(
    StandardType(
        "L03",
        _("マイナンバーカード交付状況（市独自）"),
        "mynumber_card_issuance",
        [
            *COMMON,
            _f("年月", required=True, pattern=MONTH_PATTERN, title="Month (YYYY-MM), end of month"),
            _f("住民基本台帳人口", "integer", required=True, minimum=1, title="Registered population"),
            _f("交付枚数", "integer", required=True, minimum=0, title="Cards issued and valid (cumulative)"),
            _f("備考"),
        ],
        ("マイナンバーカード", "交付率", "統計"),
    )
)


def get(code: str) -> StandardType | None:
    return TYPES.get(code or "")


def choices() -> list[tuple[str, str]]:
    return [("", _("指定しない"))] + [(t.code, f"{t.code} {t.title}") for t in TYPES.values()]


# Every number of the Agency's list, for labels (schemas above exist for the sets the city uses).
TITLES = {
    "01": _("公共施設一覧"),
    "02": _("文化財一覧"),
    "03": _("指定緊急避難場所一覧"),
    "04": _("地域・年齢別人口"),
    "05": _("子育て施設一覧"),
    "06": _("オープンデータ一覧"),
    "07": _("公衆無線LANアクセスポイント一覧"),
    "08": _("AED設置箇所一覧"),
    "09": _("介護サービス事業所一覧"),
    "10": _("医療機関一覧"),
    "11": _("観光施設一覧"),
    "12": _("イベント一覧"),
    "13": _("公衆トイレ一覧"),
    "14": _("消防水利施設一覧"),
    "15": _("食品等営業許可・届出一覧"),
    "16": _("学校給食献立情報"),
    "17": _("小中学校通学区域情報"),
    "22": _("支援制度情報"),
    "23": _("防災行政無線設置一覧"),
    "24": _("教育機関一覧"),
    "25": _("公営駐車場一覧"),
    "26": _("公営駐輪場一覧"),
    "27": _("投票所一覧"),
    "28": _("ゴミの分別方法一覧"),
    "29": _("赤ちゃんの駅一覧"),
    "30": _("ゴミ集積場所一覧"),
    "31": _("観光ポイント一覧"),
    "L01": _("公共インターネット端末設置場所一覧（市独自）"),
    "L02": _("公共インターネット端末 月別利用者数（市独自）"),
    "L03": _("マイナンバーカード交付状況（市独自）"),
}


def title(code: str) -> str:
    return str(TITLES.get(code, code))


def all_choices() -> list[tuple[str, str]]:
    return [("", _("指定しない"))] + [(code, f"{code} {label}") for code, label in TITLES.items()]
