"""Accessibility crawl helpers: axe-core in Chromium over every page reachable by links.

`crawl(page, starts)` follows same-site links breadth-first (bounded), runs axe-core with the
WCAG 2.x A/AA rules on every HTML page and returns a `CrawlReport`: pages visited, axe
violations, Content-Security-Policy violations seen in the console, and pages that answered
with an error status. axe is loaded from the project's own static files (the vendored
`core/vendor/axe.min.js`) so the page's CSP does not need loosening for the test.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

AXE_PATH = Path(__file__).resolve().parents[2] / "src/madoguchi/core/static/core/vendor/axe.min.js"
AXE_URL = "/static/core/vendor/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Not pages, or pages that change the session: not followed.
SKIP_PATH = re.compile(
    r"(logout|/i18n/|/text-size/|/static/|/media|/admin/|/api/|/idp/|/healthz|/download|/sandbox-gateway/"
    r"|\.(pdf|csv|tsv|xlsx?|zip|json|jsonld|ttl|rdf|xml|xes|png|jpe?g|gif|svg|ics|txt|geojson)$)",
    re.IGNORECASE,
)


@dataclass
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    nodes: list[str]

    def __str__(self) -> str:
        shown = "; ".join(self.nodes[:3]) + (f" (+{len(self.nodes) - 3} more)" if len(self.nodes) > 3 else "")
        return f"{self.url}: [{self.impact}] {self.rule} — {self.help}\n    nodes: {shown}"


@dataclass
class CrawlReport:
    visited: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    csp_errors: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)

    def by_app(self) -> Counter:
        return Counter(_app_of(v.url) for v in self.violations)

    def summary(self) -> str:
        lines = [f"{len(self.visited)} pages, {len(self.violations)} axe violations"]
        lines += [f"  {app}: {count}" for app, count in sorted(self.by_app().items())]
        return "\n".join(lines)

    def failure_text(self) -> str:
        parts = []
        if self.violations:
            parts.append("axe-core (WCAG 2.x A/AA) violations:\n" + "\n".join(map(str, self.violations)))
        if self.csp_errors:
            parts.append("Content-Security-Policy violations:\n" + "\n".join(self.csp_errors))
        if self.http_errors:
            parts.append("pages answering with an error:\n" + "\n".join(self.http_errors))
        return self.summary() + "\n\n" + "\n\n".join(parts)


def _app_of(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return "?"
    return (
        (match.func.__module__ or "?").split(".")[1]
        if match.func.__module__.startswith("madoguchi.")
        else "?"
    )


def _route_key(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def run_axe(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))}));
        }""",
        WCAG_TAGS,
    )


def _goto(page, path, on_console):
    """(tab, response, error): `page.goto(path)`, in a new tab of the same context (same
    cookies) once a navigation failed.

    After a failed navigation (a download started, a load interrupted) Chromium can leave a tab
    in which every later goto is reported "interrupted by another navigation" (Playwright issue
    35944): the crawl goes on in a new tab and tries an interrupted page once more there."""
    for attempt in (1, 2):
        try:
            return page, page.goto(path), ""
        except PlaywrightError as exc:
            error = str(exc)
        fresh = page.context.new_page()
        fresh.on("console", on_console)
        page.remove_listener("console", on_console)
        page = fresh
        if "interrupted by another navigation" not in error:
            break
    return page, None, error


def crawl(
    page,
    starts: list[str],
    *,
    limit: int = 150,
    per_route: int = 3,
    report: CrawlReport | None = None,
    skip: re.Pattern = SKIP_PATH,
    follow: re.Pattern | None = None,
    lenient: frozenset[str] = frozenset(),
) -> CrawlReport:
    """Visit pages breadth-first from `starts` (paths on the page's base URL).

    At most `per_route` pages per URL pattern (28 procedure detail pages share one template)
    and `limit` pages in all. Only links matching `follow` (when given) are followed; pages in
    `lenient` may answer with an error without it being reported."""
    report = report or CrawlReport()
    base = page.evaluate("() => location.origin") if page.url.startswith("http") else None
    queue, seen, per_key = deque(starts), set(starts), Counter()
    current: dict[str, str] = {"url": ""}

    def on_console(message):
        if "Content Security Policy" in message.text:
            report.csp_errors.append(f"{current['url']}: {message.text[:300]}")

    page.on("console", on_console)
    try:
        while queue and len(report.visited) < limit:
            path = queue.popleft()
            key = _route_key(urlsplit(path).path)
            if per_key[key] >= per_route:
                continue
            per_key[key] += 1
            current["url"] = path
            if skip.search(urlsplit(path).path):
                continue
            page, response, error = _goto(page, path, on_console)
            if error:  # a download, or a page that never loads
                if "Download is starting" not in error and path not in lenient:
                    report.http_errors.append(f"{path}: {error.splitlines()[0]}")
                continue
            if response is None:
                continue
            if response.status >= 400:
                # 403 is a correct answer for a page this visitor may not use; a start page
                # found in the URL patterns may be POST-only or need an object (404/405).
                if response.status != 403 and path not in lenient:
                    report.http_errors.append(f"{path}: HTTP {response.status}")
                continue
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue
            report.visited.append(path)
            for item in run_axe(page):
                report.violations.append(
                    Violation(path, item["id"], item["impact"] or "", item["help"], item["nodes"])
                )
            base = base or page.evaluate("() => location.origin")
            hrefs = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)")
            for href in hrefs:
                href, _ = urldefrag(href)
                parts = urlsplit(href)
                if f"{parts.scheme}://{parts.netloc}" != base:
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if target in seen or skip.search(parts.path):
                    continue
                if follow is not None and not follow.search(parts.path):
                    continue
                seen.add(target)
                queue.append(target)
    finally:
        page.remove_listener("console", on_console)
    return report
