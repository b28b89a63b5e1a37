"""Fuzzing the CKAN Action API: every action the module registers, with wrong types, huge
integers, repeated query parameters, nested structures and control characters, by GET, by POST
JSON and by POST form, anonymous and with a staff token.

Gate: no request ends in an exception (a 500), and an anonymous caller never gets a 2xx from a
write action. Bounded for CI: EXAMPLES per action (a few hundred requests in all), derandomised so
a failure reproduces, each request rolled back so the catalog stays the same for the next one.
"""

import inspect
import json
import os
import re
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from madoguchi.opendata import ckan, dictize
from madoguchi.opendata.models import Resource

pytestmark = pytest.mark.django_db

OWN_MODULES = (ckan.__name__ + ".", dictize.__name__)
EXAMPLES = int(os.environ.get("CKAN_FUZZ_EXAMPLES", "16"))  # more for a deeper run by hand

# Every parameter name the actions read, and a few they do not.
KEYS = [
    "id", "name", "name_or_id", "q", "fq", "sort", "rows", "start", "limit", "offset", "facet",
    "facet.field", "facet.limit", "all", "all_fields", "include_datasets", "query", "resource_id",
    "filters", "fields", "sql", "owner_org", "title", "notes", "license_id", "maintainer",
    "maintainer_email", "title_translated", "extras", "tags", "groups", "resources", "state",
    "standard_type", "frequency", "title_en", "notes_en", "package_id", "url", "format",
    "description", "upload_base64", "filename", "unknown",
]  # fmt: skip

NASTY_TEXT = [
    "", "\x00", "a\x00b", "\x1b[31m", "a/b", "../", "-5", "10" + "0" * 30, "1e400", "NaN", "[1,2]",
    '"str"', '{"名称": "x"}', '{"名称": [1, {"a": 2}]}', "{", "name:", "name:避難", "query", "名称",
    "名称 desc", "_id", "true", "CC-BY-4.0", "bosai", "132144-evacuation-space", "active",
    "draft", "132144-fuzz", "package_show", "select * from x", "%00", "x" * 300,
]  # fmt: skip
HUGE = [0, 1, -1, -5, 2**31, 2**63, -(2**63) - 1, 10**30, -(10**30)]
# Shapes that are wrong for most parameters: drawn half of the time, so a few examples find them.
WRONG_SHAPES = [
    [1, 2], ["a", "b"], [[]], [{"name": 1}], {"a": [1]}, {"名称": {"a": 1}}, "x", 5, 1.5, True,
    10**30, "\x00", "a\x1fb",
]  # fmt: skip


def _keys_read_by(function) -> list[str]:
    """The parameter names an action reads: quoted names in its source and in the source of
    every function of the ckan package (and of dictize, the dicts it answers with) it calls
    (transitively), so a new action is fuzzed where it listens."""
    seen, pending, source = set(), [inspect.unwrap(function)], ""
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        text = inspect.getsource(current)
        source += text
        for called in re.findall(r"\b([A-Za-z_]\w*)\(", text):
            candidate = current.__globals__.get(called)
            if inspect.isfunction(candidate) and candidate.__module__.startswith(OWN_MODULES):
                pending.append(inspect.unwrap(candidate))
    return sorted(set(re.findall(r'"([a-z_.]+)"', source)) & set(KEYS)) or KEYS


def _strategies(real: list[str], own: list[str]):
    key = st.sampled_from(own * 3 + KEYS)  # mostly the names the action reads
    text = st.one_of(st.sampled_from(NASTY_TEXT + real), st.text(max_size=12))
    scalar = st.one_of(
        st.none(),
        st.booleans(),
        st.sampled_from(HUGE),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        text,
    )
    value = st.sampled_from(WRONG_SHAPES) | st.recursive(
        scalar,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(key | text, inner, max_size=3),
        max_leaves=6,
    )
    body = st.dictionaries(key, value, min_size=1, max_size=6)
    query_value = st.one_of(text, st.sampled_from(HUGE).map(str), value.map(json.dumps))
    pairs = st.lists(st.tuples(key, query_value), min_size=1, max_size=6)  # repeats included
    return body, pairs


def _anchors(resource) -> dict:
    """Parameters that get an action past its lookup, so the fuzzed ones reach deeper code."""
    dataset = {"id": resource.dataset.name}
    return {
        "package_show": dataset,
        "package_update": dataset,
        "package_patch": dataset,
        "package_delete": dataset,
        "package_create": {"name": "132144-fuzz", "owner_org": "bosai", "title": "ファズ"},
        "resource_show": {"id": str(resource.pk)},
        "resource_update": {"id": str(resource.pk)},
        "resource_delete": {"id": str(resource.pk)},
        "resource_create": {"package_id": str(resource.dataset_id), "name": "ファズ"},
        "datastore_search": {"resource_id": str(resource.pk)},
        "datastore_info": {"id": str(resource.pk)},
        "datastore_search_sql": {"sql": f'SELECT * FROM "{resource.pk}"'},
        "organization_show": {"id": "bosai"},
        "help_show": {"name": "package_show"},
    }


def test_every_ckan_action_survives_fuzzed_input(demo_catalog, bosai_staff):
    from madoguchi.opendata.services import issue_api_token

    token = issue_api_token(bosai_staff, name="fuzz")
    resource = Resource.objects.filter(datastore_active=True, dataset__organization__code="bosai").first()
    real = [str(resource.pk), resource.dataset.name, str(resource.dataset_id)]
    anchors = _anchors(resource)
    client = Client(raise_request_exception=True)
    failures = []

    def fuzzer(name):
        url = f"/api/3/action/{name}"
        body, pairs = _strategies(real, _keys_read_by(ckan.ACTIONS[name]))

        @given(
            how=st.sampled_from(["get", "json", "form"]),
            who=st.sampled_from(["staff", "staff", "anonymous"]),
            data=body,
            query=pairs,
        )
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(how, who, data, query):
            data = {**anchors.get(name, {}), **data}  # a fuzzed value may still replace an anchor
            query = [*anchors.get(name, {}).items(), *query]
            headers = {"HTTP_AUTHORIZATION": token} if who == "staff" else {}
            with transaction.atomic():
                try:
                    if how == "get":
                        response = client.get(f"{url}?{urlencode(query)}", **headers)
                    elif how == "json":
                        response = client.post(
                            url, json.dumps(data), content_type="application/json", **headers
                        )
                    else:
                        response = client.post(
                            url, urlencode(query), "application/x-www-form-urlencoded", **headers
                        )
                finally:
                    transaction.set_rollback(True)
            assert response.status_code < 500, response.content[:300]
            if who == "anonymous" and name in ckan.WRITE_ACTIONS:
                assert response.status_code >= 400, f"anonymous {how} was answered {response.status_code}"
            assert response.json()["success"] is (response.status_code == 200)

        return fuzz

    for name in ckan.ACTIONS:
        try:
            fuzzer(name)()
        except Exception as exc:  # report every action, not only the first that fails
            failures.append(f"{name}: {type(exc).__name__}: {str(exc)[:800]}")

    assert not failures, f"{len(failures)} actions failed:\n\n" + "\n\n".join(failures)
