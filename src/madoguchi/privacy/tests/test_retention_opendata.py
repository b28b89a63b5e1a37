"""The purge and open data (個人情報ファイル簿: 「オープンデータ活用事例投稿ファイル」 and
「データ公開要望ファイル」): a showcase's submitter contact goes a year after the decision (a shown
showcase stays on, one not shown is deleted), a data request's requester and followers three
years after the answer (the request and the answer stay public); what is inside its period, a
legal hold (on the requester, or on one follower for their follow) and the 3-ウ figure for past
years stay; a dry run writes nothing."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from madoguchi.core import audit
from madoguchi.core.events import events_for
from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.core.models import Event, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, UserFactory, staff_member
from madoguchi.opendata import services as opendata
from madoguchi.opendata.models import DataRequest, DataRequestFollow, Showcase
from madoguchi.opendata.tests.factories import DatasetFactory
from madoguchi.pdca.metrics import metrics
from madoguchi.privacy import services
from madoguchi.privacy.events import Verb
from madoguchi.privacy.models import PurgeRun, RecordType

pytestmark = pytest.mark.django_db
NOW = timezone.now()
DAY = timedelta(days=1)
Status = Showcase.Status


@pytest.fixture
def officer():
    office = DepartmentFactory(code="johokanri", name="情報管理課")
    return staff_member(office, StaffRole.Role.SYSADMIN, username="johokanri-admin")


@pytest.fixture
def bosai():
    return DepartmentFactory(code="bosai", name="防災安全課")


@pytest.fixture
def shelters(bosai):
    return DatasetFactory(name="shelters", title="指定避難所一覧", organization=bosai, published=True)


def resident(username):
    return PersonFactory(user=UserFactory(username=username))


def showcase(n, *, decided_ago=None, status=Status.APPROVED, by=None):
    """A showcase submitted (by an account, if given) and decided ``decided_ago``."""
    entry = opendata.submit_showcase(
        by=by,
        title=f"避難所マップ{n}",
        url=f"https://example.jp/map-{n}",
        description="避難所の一覧を地図に表示するアプリです。",
        datasets=["shelters"],
        submitter_email=f"dev{n}@example.jp",
        submitter_name="山田 太郎",
        author="Code for 国分寺",
    )
    if decided_ago is None:
        return entry
    with mock.patch("django.utils.timezone.now", return_value=NOW - decided_ago):
        if status == Status.APPROVED:
            opendata.approve_showcase(entry, by=None)
        else:
            opendata.reject_showcase(entry, by=None, reason="データセットを使っていないため")
    entry.refresh_from_db()
    return entry


def contact(entry):
    entry.refresh_from_db()
    return (entry.submitter_name, entry.submitter_email, entry.submitted_by_id)


def data_request(department, *, by, answered_ago=None, status=DataRequest.Status.PLANNED, followers=()):
    request = opendata.submit_data_request(
        by=by.user,
        department=department,
        title="AEDの設置場所",
        description="市内のAEDの設置場所と利用できる時間",
        purpose="地図アプリに載せるため",
        requester_kind=DataRequest.RequesterKind.CIVIC_TECH,
        organisation_name="Code for 国分寺",
    )
    for follower in followers:
        opendata.follow_data_request(request, user=follower.user)
    if answered_ago is not None:
        with mock.patch("django.utils.timezone.now", return_value=NOW - answered_ago):
            opendata.answer_data_request(
                request, by=None, status=status, answer="令和8年度中に公開します", planned_for="令和8年度中"
            )
    request.refresh_from_db()
    return request


def priority_figures():
    """3-ウ (priority-data-collaborations) for the past 年度: value, breakdown, drill-down."""
    metric = metrics.get("priority-data-collaborations")
    this_year = fiscal_year(timezone.localdate())
    return {
        year: (metric.value(year), dict(metric.breakdown(year, None)), metric.drill(year, None))
        for year in range(this_year - 6, this_year + 1)
    }


@pytest.fixture
def showcases(shelters):
    return {
        "shown_old": showcase(1, decided_ago=400 * DAY),
        "declined_old": showcase(2, decided_ago=400 * DAY, status=Status.REJECTED),
        "shown_recent": showcase(3, decided_ago=300 * DAY),
        "declined_recent": showcase(4, decided_ago=300 * DAY, status=Status.REJECTED),
        "pending": showcase(5),
    }


def test_a_showcases_contact_goes_a_year_after_the_decision_and_one_not_shown_is_deleted(showcases, officer):
    Showcase.objects.filter(pk=showcases["pending"].pk).update(created_at=NOW - 1000 * DAY)
    declined_events = list(events_for(showcases["declined_old"]))

    run = services.purge(by=officer)

    shown = showcases["shown_old"]
    assert contact(shown) == ("", "", None)
    # the showcase itself stays on its page, the list and its dataset's page
    assert shown in opendata.approved_showcases()
    assert (shown.title, shown.author, shown.description) == (
        "避難所マップ1",
        "Code for 国分寺",
        "避難所の一覧を地図に表示するアプリです。",
    )
    assert [d.name for d in opendata.showcase_datasets(shown)] == ["shelters"]
    assert not Showcase.objects.filter(pk=showcases["declined_old"].pk).exists()
    assert list(Event.objects.filter(subject_id=str(showcases["declined_old"].pk))) == declined_events
    for key in ("shown_recent", "declined_recent", "pending"):  # within the year; not decided yet
        assert contact(showcases[key])[:2] == ("山田 太郎", showcases[key].submitter_email), key
    assert run.counts["outcome"][RecordType.OPENDATA_SHOWCASE] == {"anonymised": 1, "deleted": 1}
    assert audit.verify().ok
    assert RecordType.OPENDATA_SHOWCASE not in services.purge(by=officer).counts["outcome"]  # nothing more


def test_the_staff_page_of_a_showcase_whose_contact_went_shows_no_address(client, showcases, shelters, bosai):
    from madoguchi.identity.testing import login_staff

    services.purge()
    login_staff(client, staff_member(bosai, StaffRole.Role.REVIEW, username="bosai-reviewer"))
    page = client.get(reverse("opendata:staff_showcase", args=[showcases["shown_old"].pk]))
    assert page.status_code == 200
    assert "@example.jp" not in page.content.decode() and "&lt;&gt;" not in page.content.decode()


def test_a_showcase_decided_again_during_a_run_keeps_its_contact(showcases, officer, monkeypatch):
    """Listed as past its year, then declined and approved again before the (killed) run resumes:
    the new decision restarts the year, so the resumed run leaves it (``gone``)."""
    source = opendata.retention
    real = source.remove_record
    monkeypatch.setattr(source, "remove_record", lambda *a, **k: (_ for _ in ()).throw(SystemExit("kill -9")))
    with pytest.raises(SystemExit):
        services.purge(by=officer, batch_size=1)
    run = PurgeRun.objects.get()
    listed = set(
        run.items.filter(record_type=RecordType.OPENDATA_SHOWCASE).values_list("record_id", flat=True)
    )
    assert listed == {str(showcases["shown_old"].pk), str(showcases["declined_old"].pk)}
    entry = Showcase.objects.get(pk=showcases["shown_old"].pk)
    opendata.reject_showcase(entry, by=None, reason="リンク切れのため")
    opendata.approve_showcase(entry, by=None)
    monkeypatch.setattr(source, "remove_record", real)

    resumed = services.purge(by=officer)

    assert resumed.pk == run.pk
    assert contact(entry) == ("山田 太郎", "dev1@example.jp", None)
    assert resumed.counts["outcome"][RecordType.OPENDATA_SHOWCASE] == {"deleted": 1, "gone": 1}


def test_a_data_requests_requester_and_followers_go_three_years_after_the_answer_and_3u_stays(bosai, officer):
    taro, hanako, jiro = resident("taro"), resident("hanako"), resident("jiro")
    old = data_request(bosai, by=taro, answered_ago=4 * 365 * DAY, followers=[hanako])
    refused = data_request(bosai, by=jiro, answered_ago=5 * 365 * DAY, status=DataRequest.Status.REFUSED)
    recent = data_request(bosai, by=hanako, answered_ago=2 * 365 * DAY, followers=[taro])
    unanswered = data_request(bosai, by=jiro)
    DataRequest.objects.filter(pk=unanswered.pk).update(created_at=NOW - 6 * 365 * DAY)
    before = priority_figures()
    assert any(value for value, _b, _d in before.values()), "the figure must count something to mean anything"

    run = services.purge(by=officer)

    for request in (old, refused):
        kept = DataRequest.objects.get(pk=request.pk)
        assert (kept.requested_by_id, kept.organisation_name) == (None, "")
        assert not DataRequestFollow.objects.filter(request=kept).exists()
        # the public request and the department's answer stay, and what 3-ウ counts
        assert (kept.title, kept.description, kept.purpose, kept.answer) == (
            request.title,
            request.description,
            request.purpose,
            request.answer,
        )
        assert (kept.status, kept.taken_up_at, kept.department_id, kept.requester_kind) == (
            request.status,
            request.taken_up_at,
            request.department_id,
            request.requester_kind,
        )
    for request in (recent, unanswered):
        kept = DataRequest.objects.get(pk=request.pk)
        assert (kept.requested_by_id, kept.organisation_name) == (request.requested_by_id, "Code for 国分寺")
        assert kept.follows.exists()
    assert priority_figures() == before
    # two requests blanked; three follows deleted (the requesters follow their own, and hanako)
    assert run.counts["outcome"][RecordType.DATA_REQUEST] == {"anonymised": 2, "deleted": 3}
    assert [e.verb for e in events_for(run)] == [Verb.PURGE_STARTED, Verb.PURGE_COMPLETED]
    assert RecordType.DATA_REQUEST not in services.purge(by=officer).counts["outcome"]  # nothing more


def test_dry_run_lists_the_opendata_candidates_and_writes_nothing(showcases, bosai, officer, capsys):
    request = data_request(
        bosai, by=resident("taro"), answered_ago=4 * 365 * DAY, followers=[resident("hanako")]
    )
    snapshot = (
        list(Showcase.objects.order_by("pk").values()),
        list(DataRequest.objects.order_by("pk").values()),
        list(DataRequestFollow.objects.order_by("pk").values()),
        Event.objects.count(),
    )

    found = services.plan()
    call_command("privacy", "purge", "--dry-run")

    listed = {(i.record_type, str(i.record_id)) for i in found.items}
    assert listed == {
        (RecordType.OPENDATA_SHOWCASE, str(showcases["shown_old"].pk)),
        (RecordType.OPENDATA_SHOWCASE, str(showcases["declined_old"].pk)),
        (RecordType.DATA_REQUEST, str(request.pk)),
        *((RecordType.DATA_REQUEST, f"follow-{pk}") for pk in request.follows.values_list("pk", flat=True)),
    }
    assert len(listed) == 5  # the requester's own follow and hanako's
    out = capsys.readouterr().out
    assert f"{RecordType.DATA_REQUEST}\t{request.pk}\t要望 #{request.pk}" in out
    assert str(showcases["declined_old"].pk) in out and "dev2@example.jp" not in out and "dry run" in out
    assert snapshot == (
        list(Showcase.objects.order_by("pk").values()),
        list(DataRequest.objects.order_by("pk").values()),
        list(DataRequestFollow.objects.order_by("pk").values()),
        Event.objects.count(),
    )
    assert not PurgeRun.objects.exists()


def test_a_legal_hold_on_the_resident_keeps_their_showcase_and_data_request(shelters, bosai, officer):
    taro = resident("taro")
    request = data_request(bosai, by=taro, answered_ago=4 * 365 * DAY)
    entry = showcase(1, decided_ago=400 * DAY, by=taro.user)
    declined = showcase(2, decided_ago=400 * DAY, status=Status.REJECTED, by=taro.user)
    services.place_hold(by=officer, person=taro, reason="訴訟のため")

    run = services.purge(by=officer)

    assert DataRequest.objects.get(pk=request.pk).requested_by_id == taro.user_id
    assert contact(entry) == ("山田 太郎", "dev1@example.jp", taro.user_id)
    assert Showcase.objects.filter(pk=declined.pk).exists()
    assert run.counts["skipped"][RecordType.DATA_REQUEST] == {"held": 2}  # the request, taro's follow
    assert run.counts["skipped"][RecordType.OPENDATA_SHOWCASE] == {"held": 2}


def test_a_legal_hold_on_a_follower_keeps_their_follow_only(bosai, officer):
    taro, hanako, jiro = resident("taro"), resident("hanako"), resident("jiro")
    request = data_request(bosai, by=taro, answered_ago=4 * 365 * DAY, followers=[hanako, jiro])
    services.place_hold(by=officer, person=hanako, reason="訴訟のため")

    run = services.purge(by=officer)

    kept = DataRequest.objects.get(pk=request.pk)
    assert (kept.requested_by_id, kept.organisation_name) == (None, "")
    assert list(kept.follows.values_list("user_id", flat=True)) == [hanako.user_id]
    assert run.counts["outcome"][RecordType.DATA_REQUEST] == {"anonymised": 1, "deleted": 2}
    assert run.counts["skipped"][RecordType.DATA_REQUEST] == {"held": 1}


def test_the_rules_list_the_registers_retention_for_open_data():
    days = {rule.record_type: rule.keep_days for rule in services.rules() if not rule.procedure}
    assert days[RecordType.OPENDATA_SHOWCASE] == 366
    assert days[RecordType.DATA_REQUEST] == 3 * 365 + 1


def test_a_rule_set_by_the_office_replaces_the_default(showcases, officer):
    services.set_rule(by=officer, record_type=RecordType.OPENDATA_SHOWCASE, keep_days=200)
    services.purge(by=officer)
    assert contact(showcases["shown_recent"])[:2] == ("", "")
    assert not Showcase.objects.filter(pk=showcases["declined_recent"].pk).exists()
