"""Loading the demo city from a test that may share its process with Playwright."""

import os
import threading

from django.core.management import call_command
from django.db import connection


def load_demo_city() -> None:
    """`madoguchi demo`, in a thread of its own: Playwright's sync API keeps an asyncio loop
    running in the test thread once any browser test has run in this process, and demo loaders
    may use asyncio.run (pyHanko signing)."""
    errors = []

    def run():
        try:
            with open(os.devnull, "w") as quiet:
                call_command("demo", stdout=quiet)
        except Exception as exc:  # re-raised in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
