"""The no-writing counter (書かない窓口): every form of a life event prepared at once from the
register, completed by staff, confirmed by the resident, filed as Applications (channel=counter)."""

import pytest
from django.core.exceptions import ValidationError

from madoguchi.counter import services
from madoguchi.counter.models import CounterSession
from madoguchi.identity.testing import login_staff

pytestmark = pytest.mark.django_db


def _fill(session, code, section, **values):
    form = session.forms.get(procedure_code=code)
    data = {**form.data, section: {**form.data.get(section, {}), **values}}
    return services.save_counter_form(form, by=session.staff, data=data)


def test_moving_in_family_gets_every_form_prefilled(catalogue, counter_staff, family_with_child):
    parent, _child = family_with_child
    session = services.start_counter_session(
        parent, life_event="tennyu", answers={"children": True, "nhi": True}, by=counter_staff
    )
    forms = {form.procedure_code: form for form in session.forms.all()}
    assert list(forms) == ["tennyu-todoke", "kokuho-kanyu", "jidou-teate-nintei", "kodomo-iryo"]
    assert forms["tennyu-todoke"].data["applicant"]["full_name"] == "国分\u3000花子"
    assert forms["tennyu-todoke"].data["move"]["member_count"] == "2"
    assert forms["kodomo-iryo"].data["child"]["child_name"] == "国分\u3000蓮"
    assert forms["kodomo-iryo"].data["child"]["reason"] == "転入"
    assert forms["jidou-teate-nintei"].data["children"]["list"][0]["full_name"] == "国分\u3000蓮"
    # What the register cannot know is asked; the declarations are left to the resident.
    assert "move.moved_on" in services.form_errors(forms["tennyu-todoke"])
    assert not any(key.startswith("declarations") for key in services.form_errors(forms["kodomo-iryo"]))


def test_counter_applications_reach_each_department(catalogue, counter_staff, family_with_child):
    parent, _child = family_with_child
    session = services.start_counter_session(
        parent, life_event="tennyu", answers={"children": True, "nhi": True}, by=counter_staff
    )
    with pytest.raises(ValidationError):
        services.send_to_tablet(session, by=counter_staff)  # forms incomplete
    _fill(
        session,
        "tennyu-todoke",
        "move",
        moved_on="2026-11-20",
        previous_address="東京都府中市宮西町2-24",
        moving_out_certificate="転出証明書",
    )
    _fill(session, "kokuho-kanyu", "insured", reason_date="2026-11-20")
    _fill(session, "kodomo-iryo", "child", insurance="国分寺市国民健康保険")
    later = session.forms.get(procedure_code="jidou-teate-nintei")
    services.save_counter_form(later, by=counter_staff, data=later.data, included=False)  # online later
    services.send_to_tablet(session, by=counter_staff)
    applications = services.confirm_session(session, by=counter_staff, method="checkbox")
    assert len(applications) == 3
    assert {a.channel for a in applications} == {"counter"}
    assert {a.department.code for a in applications} == {"shimin", "hoken-nenkin", "kodomo-shien"}
    assert all(a.applicant == parent and a.receipt_number for a in applications)
    assert applications[0].data["declarations"]["truthful"] is True
    session.refresh_from_db()
    assert session.status == CounterSession.Status.CONFIRMED
    # A repeated confirm (double tap on the tablet) files nothing new.
    assert [a.pk for a in services.confirm_session(session, by=counter_staff, method="checkbox")] == [
        a.pk for a in applications
    ]


def test_drawn_signature_must_be_drawn(catalogue, counter_staff, family_with_child):
    parent, _child = family_with_child
    session = services.start_counter_session(parent, life_event="shomeisho", answers={}, by=counter_staff)
    _fill(session, "juminhyo", "request", copies="1", scope="世帯全員", purpose="勤務先への提出")
    services.send_to_tablet(session, by=counter_staff)
    with pytest.raises(ValidationError):
        services.confirm_session(session, by=counter_staff, method="drawn", signature_image="")
    [application] = services.confirm_session(
        session, by=counter_staff, method="drawn", signature_image="data:image/png;base64,iVBORw0KGgo="
    )
    assert application.procedure.code == "juminhyo"
    session.refresh_from_db()
    assert session.signature_method == "drawn"


def test_tablet_shows_furigana(client, catalogue, counter_staff, family_with_child):
    parent, _child = family_with_child
    session = services.start_counter_session(parent, life_event="shomeisho", answers={}, by=counter_staff)
    _fill(session, "juminhyo", "request", copies="1", scope="本人のみ", purpose="免許の更新")
    services.send_to_tablet(session, by=counter_staff)
    login_staff(client, counter_staff)
    page = client.get(f"/counter/onestop/{session.token}/tablet/").content.decode()
    assert '<ruby>住民票<rp aria-hidden="true">(</rp><rt aria-hidden="true">じゅうみんひょう</rt>' in page
    response = client.post(f"/counter/onestop/{session.token}/tablet/", {"method": "checkbox", "agree": "on"})
    assert response.status_code == 302 and response.url.endswith("/done/")


def test_resident_lookup_is_audited(counter_staff, family_with_child):
    from madoguchi.core.models import AuditEntry

    parent, _child = family_with_child
    assert services.find_residents(by=counter_staff, name_kana="ｺｸﾌﾞ ﾊﾅｺ") == [parent]
    entry = AuditEntry.objects.filter(action="personal_data_read").last()
    assert entry.data["persons"] == [parent.pk] and entry.actor_id_value == str(counter_staff.pk)
