"""Run a coroutine from synchronous code (pyHanko's signing and validation are async)."""

import asyncio
import concurrent.futures


def run_sync(coro):
    """Like asyncio.run, but also works when this thread already runs an event loop
    (Playwright's sync API in tests, an ASGI server): then it runs in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
