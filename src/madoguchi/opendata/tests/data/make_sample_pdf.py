"""Make the sample statistics PDF the conversion test reads and the demo catalog publishes
(opendata/data/demo/resources/population_by_town.pdf, beside the CSV the demo converted from it).

    .venv/bin/python src/madoguchi/opendata/tests/data/make_sample_pdf.py

A table like the ones the city has published as PDF: 町丁別人口と世帯数, a two-row header
(人口 over 総数・男・女), 全角 digits with thousands separators, ▲ for a decrease, a unit line
and a footnote. EXPECTED is what the conversion must produce, cell by cell.
"""

from pathlib import Path

TITLE = "町丁別人口と世帯数（令和8年1月1日現在）"
UNIT = "（単位：人、世帯）"
FOOTNOTE = "注：住民基本台帳による。▲は前年同月比の減少を示す。"
# (町名, 総数, 男, 女, 世帯数, 前年比増減)
ROWS = [
    ("北町", 5123, 2498, 2625, 2410, 37),
    ("東戸倉", 4870, 2377, 2493, 2301, -12),
    ("戸倉", 6012, 2950, 3062, 2855, 5),
    ("新町", 7245, 3561, 3684, 3320, -48),
    ("並木町", 6530, 3188, 3342, 3015, 102),
    ("本多", 10234, 4978, 5256, 5120, -3),
    ("本町", 8921, 4301, 4620, 4988, 211),
    ("西恋ケ窪", 7408, 3620, 3788, 3444, -27),
    ("東恋ケ窪", 9876, 4801, 5075, 4502, 64),
    ("南町", 6654, 3250, 3404, 3611, -105),
]
EXPECTED_HEADER = ["町名", "人口_総数", "人口_男", "人口_女", "世帯数", "前年比増減"]
EXPECTED_ROWS = [[name, *(str(v) for v in values)] for name, *values in ROWS]

APP = Path(__file__).resolve().parents[2]
PDF = APP / "data" / "demo" / "resources" / "population_by_town.pdf"


def zenkaku(value: int) -> str:
    text = f"{abs(value):,}".translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    return ("▲" + text) if value < 0 else text


def html() -> str:
    body = "".join(
        f"<tr><td>{name}</td>" + "".join(f"<td class=n>{zenkaku(v)}</td>" for v in values) + "</tr>"
        for name, *values in ROWS
    )
    return f"""<html lang="ja"><head><meta charset="utf-8"><style>
    @page {{ size: A4; margin: 20mm }}
    body {{ font-family: "Noto Sans CJK JP", sans-serif; font-size: 10pt }}
    table {{ border-collapse: collapse }}
    th, td {{ border: 0.8pt solid #000; padding: 3pt 6pt }}
    td.n {{ text-align: right }}
    </style></head><body>
    <h1>{TITLE}</h1><p>{UNIT}</p>
    <table>
      <tr><th rowspan=2>町名</th><th colspan=3>人口</th><th rowspan=2>世帯数</th><th rowspan=2>前年比増減</th></tr>
      <tr><th>総数</th><th>男</th><th>女</th></tr>
      {body}
    </table>
    <p>{FOOTNOTE}</p></body></html>"""


def main() -> None:
    from weasyprint import HTML

    HTML(string=html()).write_pdf(PDF)
    print(PDF)


if __name__ == "__main__":
    main()
