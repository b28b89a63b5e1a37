"""Loading the demo city quietly for the quality gates."""

import os

from django.core.management import call_command


def load_demo_city() -> None:
    """`madoguchi demo` without its progress lines. (pyHanko signing inside the demo goes through
    `core.asyncio_compat.run_sync`, so this also works after Playwright has started its loop.)"""
    with open(os.devnull, "w") as quiet:
        call_command("demo", stdout=quiet)
