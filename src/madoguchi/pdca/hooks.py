"""Sections other apps add to the yearly evaluation report (年度評価報告), after the initiatives:
figures of the 年度 that no plan indicator holds but residents should see beside them (how much
the open data was used, …). Public like the rest of the report: aggregates only.

    from madoguchi.pdca.hooks import ReportSection, ReportTable, report_sections

    report_sections.register(ReportSection(code="opendata-usage", title=_("…"), order=30, tables=fn))

`tables(fiscal_year) -> list[ReportTable]`; an empty list leaves the section out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from madoguchi.core.registry import Registry


@dataclass(frozen=True)
class ReportTable:
    caption: str
    header: list[str]
    rows: list[list]  # the first cell of a row is its heading
    note: str = ""
    numeric_from: int = 1  # the columns from this one on are figures (right-aligned)


@dataclass(frozen=True)
class ReportSection:
    code: str
    title: object  # lazy-translated
    order: int
    tables: Callable[[int], list[ReportTable]]


report_sections: Registry[ReportSection] = Registry("report section")


def sections_for(fiscal_year: int) -> list[tuple[ReportSection, list[ReportTable]]]:
    """The registered sections that have something to say for `fiscal_year`, in order."""
    result = []
    for section in sorted(report_sections, key=lambda s: (s.order, s.code)):
        tables = section.tables(fiscal_year)
        if tables:
            result.append((section, tables))
    return result
