"""pytest plugin for `make mutate` (pyproject [tool.mutmut] pytest_add_cli_args: -p …).

mutmut's first run traces which test reaches which function; the tracing makes a Hypothesis
example take seconds, and Hypothesis would report its own deadline instead of the test's result.
Mutation runs judge what a test asserts, not how fast it runs: no deadline there, and fewer
examples per property (each mutant runs the property tests again).

Each mutant is a new pytest run, and building the in-memory SQLite test database (every
migration) took most of its time. With `MUTATE_TEST_DB` set (scripts/mutate.py sets it when
mutants run one at a time), the test database is that file, built by mutmut's first run and
kept (`--reuse-db`) for every mutant after it; tests still roll back their own transactions.
"""

import os


def pytest_configure(config):
    from hypothesis import settings

    settings.register_profile("mutation", deadline=None, max_examples=30)
    settings.load_profile("mutation")

    path = os.environ.get("MUTATE_TEST_DB")
    if path:
        from django.conf import settings as django_settings

        database = django_settings.DATABASES["default"]
        if database["ENGINE"] == "django.db.backends.sqlite3":
            database.setdefault("TEST", {})["NAME"] = path
            config.option.reuse_db = True
