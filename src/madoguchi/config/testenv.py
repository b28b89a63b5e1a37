"""A pytest plugin (`-p madoguchi.config.testenv` in pyproject), loaded before Django's settings:
the test run signs with secrets of its own, so it neither writes var/secret_key nor
var/payment-sandbox-secret into the working tree nor depends on them. Set in the environment,
they are shared by xdist workers and by the subprocesses tests start; ones already set win."""

import os
import secrets

os.environ.setdefault("SECRET_KEY", "test-" + secrets.token_urlsafe(48))
os.environ.setdefault("MADOGUCHI_PAYMENT_SANDBOX_SECRET", secrets.token_urlsafe(32))
# The public page cache (core/pagecache.py) is off: tests change data with factories, not through
# the services that bump its versions. Its own tests turn it on with a cache of their own.
os.environ.setdefault("MADOGUCHI_PAGE_CACHE", "0")
