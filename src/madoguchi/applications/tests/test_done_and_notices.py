"""After submitting (issue 29 item 8): the done page says what happens next and by when (from the
標準処理期間, in 開庁日), with one clear way on; the e-mails carry absolute links; the signing page
keeps the content's hash out of the resident's way (inside a details element)."""

import pytest
from django.urls import reverse

from madoguchi.applications import services
from madoguchi.applications.examples import example_data
from madoguchi.core.models import Notification
from madoguchi.core.templatetags.core_tags import wareki
from madoguchi.identity.testing import login_resident
from madoguchi.procedures.tests.factories import bundled_procedure

pytestmark = pytest.mark.django_db


def test_the_done_page_says_what_happens_next_and_when(client, genkyo_application, resident):
    login_resident(client, resident)
    body = client.get(reverse("applications:done", args=[genkyo_application.public_id])).content.decode()
    assert "これからの流れ" in body
    assert "子ども子育て支援課が申請内容を審査します。" in body
    assert "審査には20開庁日" in body and f"{wareki(genkyo_application.due_date)}ごろまで" in body
    assert "決定通知書" not in body  # a 現況届 decides nothing to issue
    main = body.split("<main")[1].split("</main>")[0]
    assert main.count('class="button"') == 1
    assert f'href="{reverse("applications:detail", args=[genkyo_application.public_id])}"' in main


def test_the_done_page_of_a_decision_names_the_notice(client, departments, resident, kaigo_staff):
    procedure = bundled_procedure("kaigo-nintei-tennyu")
    data = example_data(procedure.current_version.schema)
    documents = [s["code"] for s in services.needed_attachments(procedure, procedure.current_version, data)]
    application = services.submit_application(
        procedure,
        applicant=resident,
        data=data,
        channel="counter",
        by=kaigo_staff,
        documents_received=documents,
    )
    login_resident(client, resident)
    body = client.get(reverse("applications:done", args=[application.public_id])).content.decode()
    assert "決定通知書をマイページに電子交付します" in body and "審査には10開庁日" in body


def test_notices_link_the_application_with_an_absolute_url(genkyo_application, childcare_staff, settings):
    settings.MADOGUCHI_PUBLIC_URL = "https://madoguchi.example.jp/"
    services.request_correction(genkyo_application, by=childcare_staff, reason="生年月日をご確認ください")
    url = f"https://madoguchi.example.jp/applications/{genkyo_application.public_id}/"
    notice = Notification.objects.filter(template="applications/notifications/correction_requested").get()
    assert url in notice.body
    submitted = Notification.objects.filter(template="applications/notifications/submitted").get()
    assert "審査には20開庁日ほどかかります" in submitted.body
    assert "受付番号: " + genkyo_application.receipt_number in submitted.body


def test_the_signing_page_keeps_the_hash_in_details(client, departments, resident):
    procedure = bundled_procedure("jidou-teate-kifu")
    user = login_resident(client, resident)
    draft = services.start_application(procedure, applicant=resident, by=user)
    services.save_draft(draft, by=user, data=example_data(procedure.current_version.schema))
    sign_url = client.post(reverse("applications:submit", args=[draft.public_id]), {"declaration": "yes"}).url
    body = client.get(sign_url).content.decode()
    assert "内容のハッシュ値" in body
    details = body.split("<details>")[1].split("</details>")[0]
    assert "内容のハッシュ値" in details and "<summary>" in details
    before = body.split("<details>")[0]
    assert "SHA-256" not in before
