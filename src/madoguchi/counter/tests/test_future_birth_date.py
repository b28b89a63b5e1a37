"""The counter refuses a birth date in the future like every other channel (issue 14, item 8c)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from madoguchi.core.japanese.birthdate import today_jst
from madoguchi.counter import services

pytestmark = pytest.mark.django_db

MESSAGE = "生年月日が未来の日付になっています。正しい生年月日を入力してください。"


def test_staff_typing_a_future_child_birth_date_is_told_and_cannot_send(
    catalogue, counter_staff, family_with_child
):
    parent, _child = family_with_child
    session = services.start_counter_session(
        parent, life_event="tennyu", answers={"children": True, "nhi": True}, by=counter_staff
    )
    form = session.forms.get(procedure_code="kodomo-iryo")
    tomorrow = (today_jst() + datetime.timedelta(days=1)).isoformat()
    data = {**form.data, "child": {**form.data["child"], "child_birth_date": tomorrow}}
    form = services.save_counter_form(form, by=counter_staff, data=data)
    assert services.form_errors(form)["child.child_birth_date"] == [MESSAGE]
    with pytest.raises(ValidationError):
        services.send_to_tablet(session, by=counter_staff)
