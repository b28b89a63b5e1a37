"""Screenshots of key pages for the README: `python scripts/screenshots.py http://127.0.0.1:8000`.

Needs a running demo (`make run`) and Debian's chromium.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "procedures": "/procedures/",
    "life-events": "/life-events/",
    "signage": "/counter/signage/",
    "opendata": "/opendata/",
    "participation": "/participation/",
    "plan": "/plan/",
    "assistant": "/assistant/?q=%E4%BD%8F%E6%B0%91%E7%A5%A8%E3%81%AE%E5%86%99%E3%81%97%E3%81%8C%E3%81%BB%E3%81%97%E3%81%84",
    "connect": "/opendata/connect/?town=%E6%9C%AC%E5%A4%9A",
    "furigana": "/life-events/?furigana=on",
}
# The same site on a phone (390×844, as residents mostly see it).
PHONE_PAGES = {"phone-home": "/", "phone-procedures": "/procedures/?furigana=off"}
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1200, "height": 800}, locale="ja-JP")
        for name, path in PAGES.items():
            page.goto(base + path)
            page.screenshot(path=OUT / f"{name}.png")
            print(f"{name}: {OUT / f'{name}.png'}")
        phone = browser.new_page(
            viewport={"width": 390, "height": 844}, locale="ja-JP", device_scale_factor=1
        )
        for name, path in PHONE_PAGES.items():
            phone.goto(base + path)
            phone.screenshot(path=OUT / f"{name}.png")
            print(f"{name}: {OUT / f'{name}.png'}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
