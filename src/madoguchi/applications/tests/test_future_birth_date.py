"""A birth date in the future is refused on every channel, with one message (issue 14, item 8c):
the schema validation every channel shares, the online service, the staff's paper/postal entry,
and the counter."""

import datetime

import pytest
from django.urls import reverse

from madoguchi.applications.models import Application
from madoguchi.applications.services import submit_application
from madoguchi.core.japanese.birthdate import today_jst
from madoguchi.identity.testing import resident_user
from madoguchi.procedures.validation import FormDataError, collect_errors

from .conftest import genkyo_data

pytestmark = pytest.mark.django_db

MESSAGE = "生年月日が未来の日付になっています。正しい生年月日を入力してください。"


# Asked when each test runs, not at collection: a run that crosses midnight in Japan would
# otherwise test "tomorrow" after it has become today.
def tomorrow() -> str:
    return (today_jst() + datetime.timedelta(days=1)).isoformat()


def today() -> str:
    return today_jst().isoformat()


def with_child_born(data, day):
    data["status"]["list"][0]["birth_date"] = day
    return data


def test_shared_validation_names_each_future_birth_date(genkyo):
    schema = genkyo.current_version.schema
    data = with_child_born(genkyo_data(birth_date=tomorrow()), tomorrow())
    errors = collect_errors(schema, data)
    assert errors["recipient.birth_date"] == [MESSAGE]
    assert errors["status.list.0.birth_date"] == [MESSAGE]


def test_a_child_born_today_is_accepted(genkyo):
    assert collect_errors(genkyo.current_version.schema, with_child_born(genkyo_data(), today())) == {}


def test_online_submission_refuses_a_future_birth_date(genkyo, resident):
    with pytest.raises(FormDataError) as info:
        submit_application(
            genkyo,
            applicant=resident,
            data=genkyo_data(birth_date=tomorrow()),
            channel="online",
            by=resident_user(resident),
        )
    assert info.value.message_dict["recipient.birth_date"] == [MESSAGE]
    assert not Application.objects.exists()


def test_staff_paper_entry_refuses_a_future_birth_date(staff_client, genkyo, resident):
    url = reverse("cases:register") + f"?procedure=jidou-teate-genkyo&person={resident.pk}"
    post = {"channel": "postal", "idempotency_key": "paper-future"}
    for step, values in with_child_born(genkyo_data(birth_date=tomorrow()), tomorrow()).items():
        for key, value in values.items():
            if key == "list":
                for i, item in enumerate(value):
                    for k, v in item.items():
                        post[f"{step}-list-{i}-{k}"] = v
            elif value is True:
                post[f"{step}-{key}"] = "on"
            elif value is not False:
                post[f"{step}-{key}"] = value
    response = staff_client.post(url, post)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Application.objects.exists()


def test_resident_web_form_refuses_a_future_birth_date_in_wareki_too(client, genkyo, resident):
    from madoguchi.core.japanese import to_wareki
    from madoguchi.identity.testing import login_resident

    login_resident(client, resident)
    client.post(reverse("applications:start", args=["jidou-teate-genkyo"]))
    app = Application.objects.get()
    future = today_jst() + datetime.timedelta(days=400)
    wareki = to_wareki(future)
    post = {
        "full_name": "窓口　花子",
        "full_name_kana": "マドグチ　ハナコ",
        "birth_date": f"{wareki.era.name}{wareki.year}年{future.month}月{future.day}日",
        "postal_code": "185-0012",
        "address": resident.address,
        "phone": "042-325-0111",
        "pension": "厚生年金",
    }
    response = client.post(reverse("applications:step", args=[app.public_id, 1]), post)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    app.refresh_from_db()
    assert app.current_step == 0
