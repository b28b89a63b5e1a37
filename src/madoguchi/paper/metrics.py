"""Supporting figures of the AI-OCR intake (plan 2-イ: not plan indicators themselves; the
department's use of AI-OCR counts in 業務の効率化を図るデジタル技術を導入している課の割合 through
automation's register of tools). scope: {"department": <部署コード>} where a figure allows it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.core.models import Department
from madoguchi.pdca.metrics import Record, metric

from .events import Verb
from .services import figures


def _department(scope: dict | None) -> str | None:
    return (scope or {}).get("department") or None


def _accuracy_breakdown(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    return {
        kind: row.percent
        for kind, row in figures.accuracy_by_kind(fiscal_year, _department(scope)).items()
        if row.percent is not None
    }


def _accuracy_drill(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    names = dict(Department.objects.values_list("code", "name"))
    return [
        Record(
            label=f"{event.data.get('key', '')}（{event.data.get('kind', '')}）",
            month=to_jst_date(event.time).strftime("%Y-%m"),
            department=names.get(event.data.get("department", ""), ""),
            counted=event.verb == Verb.FIELD_ACCEPTED,
            note=""
            if event.verb == Verb.FIELD_ACCEPTED
            else str(_("訂正 %(n)s文字") % {"n": event.data.get("changed_chars", 0)}),
        )
        for event in figures.field_outcomes(fiscal_year, _department(scope))
    ]


@metric(
    "paper.field-accuracy",
    unit="%",
    name=_("AI-OCRの読取り精度（項目）"),
    definition=_(
        "年度内に職員が確認を終えた紙の申請書の項目のうち、AI-OCRの読取り結果を訂正せずに確認した項目の割合"
        "（%、小数第1位まで）。項目の種類（カタカナ・数字・日付・郵便番号・電話番号・個人番号など）ごとの内訳つき。"
        "確認の記録（イベント）から数え、個人番号は2人目の確認で確定したときに数えます。確認した項目がない年度は値なし。"
    ),
    breakdown=_accuracy_breakdown,
    drill=_accuracy_drill,
)
def field_accuracy(fiscal_year: int, scope: dict | None = None) -> float | None:
    return figures.accuracy(fiscal_year, _department(scope)).percent


@metric(
    "paper.pages-per-hour",
    unit="ページ/時間",
    name=_("読取り結果の確認の速さ（1時間あたりのページ数）"),
    definition=_(
        "年度内に全項目の確認を終えたスキャンのページ数 ÷ 確認に使った職員の時間。時間は職員ごと・日ごとに、"
        "その日最初に項目を確認してから最後に確認するまでの時間に1分（最初の項目の分）を加えて合計します"
        "（確認の記録から計算）。確認のない年度は値なし。"
    ),
)
def pages_per_hour(fiscal_year: int, scope: dict | None = None) -> float | None:
    return figures.pages_per_hour(fiscal_year, _department(scope))


@metric(
    "paper.ocr-keyed-share",
    unit="%",
    name=_("紙の申請のうちAI-OCRで入力した割合"),
    definition=_(
        "年度内に受け付けた受付方法「紙」の申請のうち、紙の申請書をスキャンしてAI-OCRで読み取り、職員が確認して"
        "受理した申請の割合（%、小数第1位まで）。残りは職員が手で入力した紙の申請です。紙の申請がない年度は値なし。"
    ),
)
def ocr_keyed_share(fiscal_year: int, scope: dict | None = None) -> float | None:
    return figures.ocr_keyed_share(fiscal_year)
