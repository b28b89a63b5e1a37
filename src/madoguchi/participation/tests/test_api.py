"""The public API of 市民参加: processes, proposals, comments, budgets with their published count
and results, in the OpenAPI schema, with no personal data; and a schemathesis run over these
operations with no server error."""

import datetime
import json

import pytest

from madoguchi.core.tests.factories import HouseholdFactory, PersonFactory, UserFactory, staff_member
from madoguchi.participation import demo
from madoguchi.participation.models import Budget, Comment, Process, Proposal

pytestmark = pytest.mark.django_db

AGES = [17, 22, 25, 28, 31, 34, 38, 42, 47, 52, 58, 63, 67, 71, 74, 78]


@pytest.fixture
def demo_city(city, kyodo):
    staff_member(kyodo, username="kyodo")
    for i, age in enumerate(AGES):
        PersonFactory(
            household=HouseholdFactory(district=["本町", "泉町"][i % 2]),
            birth_date=datetime.date(2026 - age, 1, 15),
            given_name=f"花子{i}",
            is_demo=True,
        )
    demo.load(lambda line: None)
    return Process.objects.get(title=demo.TITLE)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response.json() if status == 200 else None


def test_processes_and_proposals_are_listed_without_authors(client, demo_city):
    hidden = Process.objects.create(title="非公開の参加の場", is_published=False)
    pending = Proposal.objects.create(
        process=demo_city, title="確認待ちの提案", body="…", moderation=Proposal.Moderation.PENDING
    )
    listing = get(client, "/api/v1/participation/processes/")
    titles = [p["title"] for p in listing["results"]]
    assert demo.TITLE in titles and hidden.title not in titles
    get(client, f"/api/v1/participation/processes/{hidden.pk}/", 404)
    get(client, f"/api/v1/participation/processes/{hidden.pk}/proposals/", 404)

    proposals = get(client, f"/api/v1/participation/processes/{demo_city.pk}/proposals/")["results"]
    assert {p["title"] for p in proposals} == {t for t, _b in demo.PROPOSALS}
    assert pending.title not in {p["title"] for p in proposals}
    assert [p["supports_count"] for p in proposals] == sorted(
        (p["supports_count"] for p in proposals), reverse=True
    )
    assert all("author" not in p for p in proposals)


def test_comments_show_only_the_chosen_display_name(client, demo_city):
    author = UserFactory(
        username="hanako-tanaka", email="hanako@example.jp", first_name="花子", last_name="田中"
    )
    proposal = demo_city.proposals.first()
    Comment.objects.create(
        process=demo_city, proposal=proposal, author=author, display_name="公園好き", body="賛成です"
    )
    Comment.objects.create(
        process=demo_city, author=author, display_name="非表示", body="隠した", status=Comment.Status.HIDDEN
    )
    response = client.get(f"/api/v1/participation/processes/{demo_city.pk}/comments/?proposal={proposal.pk}")
    text = response.content.decode()
    comments = response.json()["results"]
    assert [(c["display_name"], c["body"]) for c in comments] == [("公園好き", "賛成です")]
    assert "hanako" not in text and "田中" not in text and "隠した" not in text
    assert "author" not in comments[0]


def test_budget_results_match_the_published_count_and_name_no_voter(client, demo_city):
    budget = Budget.objects.get(title=demo.BUDGET_TITLE)
    budgets = get(client, f"/api/v1/participation/processes/{demo_city.pk}/budgets/")["results"]
    assert [b["id"] for b in budgets] == [budget.pk]
    assert {p["title"]: p["feasibility"] for p in budgets[0]["projects"]}[
        "公園でのイベントを市民が企画できるようにする"
    ] == ("unfeasible")
    results = get(client, f"/api/v1/participation/budgets/{budget.pk}/results/")
    assert results["ballots"] == 15 and results["ballots_by_channel"] == {"online": 12, "paper": 3}
    assert results["allocated"] == 4_800_000
    assert {p["title"]: (p["votes"], p["selected"]) for p in results["projects"]} == {
        "公園のトイレを洋式にする（市の事業）": (9, True),
        "夜間の照明を明るくする": (8, True),
        "ボール遊びができる時間帯をつくる": (7, False),
        "ベンチと日陰を増やす": (6, False),
    }
    assert "残りの予算額に収まる" in results["count_method"]
    body = json.dumps(results, ensure_ascii=False)
    assert "花子" not in body and "person" not in body

    unpublished = Budget.objects.create(process=demo_city, title="未集計", amount=100, phase="voting")
    get(client, f"/api/v1/participation/budgets/{unpublished.pk}/results/", 404)


def test_results_link_the_proposals_they_came_from(client, demo_city):
    results = get(client, f"/api/v1/participation/processes/{demo_city.pk}/results/")["results"]
    lights = next(r for r in results if r["title"] == "夜間の照明を明るくする")
    assert lights["proposals"] == [demo_city.proposals.get(title="夜間の照明を明るくする").pk]
    assert lights["budget_amount"] == 3_000_000


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    for path in (
        "/api/v1/participation/processes/",
        "/api/v1/participation/processes/{id}/",
        "/api/v1/participation/processes/{id}/proposals/",
        "/api/v1/participation/processes/{id}/comments/",
        "/api/v1/participation/processes/{id}/budgets/",
        "/api/v1/participation/processes/{id}/results/",
        "/api/v1/participation/budgets/{id}/",
        "/api/v1/participation/budgets/{id}/results/",
    ):
        assert path in schema["paths"], path
        assert "get" in schema["paths"][path]
    proposal = schema["components"]["schemas"]["Proposal"]["properties"]
    assert "author" not in proposal


# Through the real WSGI application, whose request_finished closes a connection left in a
# transaction (PostgreSQL): the test's data must be committed, not held in the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_server_error_in_the_participation_api(demo_city, settings):
    """Every participation operation, fuzzed (the quality gate's run has a time budget over all
    the APIs; this one makes sure these operations are reached)."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given
    from hypothesis import settings as hsettings
    from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

    from madoguchi.config.wsgi import application

    schema = schemathesis.from_wsgi("/api/v1/schema/?format=json", application)
    operations = [r.ok() for r in schema.get_all_operations() if "/participation/" in r.ok().path]
    assert len(operations) >= 9
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @hsettings(
            max_examples=10,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            if "id" in (case.path_parameters or {}) and case.path_parameters["id"] % 3 == 0:
                # also ask for rows that exist
                case.path_parameters["id"] = Process.objects.first().pk
            response = case.call_wsgi()
            case.validate_response(
                response, checks=(not_a_server_error, response_schema_conformance, content_type_conformance)
            )

        try:
            fuzz()
        except Exception as exc:  # noqa: BLE001  (every operation reported)
            failures.append(f"{operation.verbose_name}: {type(exc).__name__}: {str(exc)[:1000]}")
    assert not failures, "\n\n".join(failures)
