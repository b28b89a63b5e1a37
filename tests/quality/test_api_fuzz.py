"""API fuzzing: schemathesis generates requests from /api/v1/schema/ and checks the answers.

Bounded for CI: a few examples per operation and about 60 seconds in all (operations not reached
in time are listed, not silently dropped). Runs on the demo city so list and detail endpoints
have rows to return. Gate: no 5xx, and every documented response matches its schema and
content type.
"""

import time

import pytest

from .demo import load_demo_city

pytestmark = [pytest.mark.django_db(transaction=True)]

MAX_EXAMPLES = 8
TIME_BUDGET = 60.0


def test_api_answers_fuzzed_requests_without_server_errors():
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
    )

    from madoguchi.config.wsgi import application

    load_demo_city()
    schema = schemathesis.from_wsgi("/api/v1/schema/?format=json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    failures, skipped, started = [], [], time.monotonic()
    checks = (not_a_server_error, response_schema_conformance, content_type_conformance)

    for operation in operations:
        if time.monotonic() - started > TIME_BUDGET:
            skipped.append(operation.verbose_name)
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            response = case.call_wsgi()
            case.validate_response(response, checks=checks)

        try:
            fuzz()
        except Exception as exc:  # report every operation, not only the first failure
            failures.append(f"{operation.verbose_name}: {type(exc).__name__}: {str(exc)[:1500]}")

    print(f"schemathesis: {len(operations) - len(skipped)} operations fuzzed, {len(skipped)} over budget")
    assert operations, "the schema lists no operations"
    assert not failures, "API fuzzing found problems:\n\n" + "\n\n".join(failures)
