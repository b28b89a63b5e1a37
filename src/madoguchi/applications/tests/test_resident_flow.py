import pytest
from django.urls import reverse

from madoguchi.applications.models import Application, State
from madoguchi.core.models import Event
from madoguchi.identity.testing import login_resident

pytestmark = pytest.mark.django_db


def step_url(app, n):
    return reverse("applications:step", args=[app.public_id, n])


RECIPIENT = {"pension": "厚生年金"}
STATUS = {
    "filing_reason": "住民票の住所が児童と異なる",
    "list-0-full_name": "窓口　陽菜",
    "list-0-full_name_kana": "まどぐち　ひな",  # hiragana is accepted and turned into katakana
    "list-0-birth_date": "平成30年4月10日",  # 和暦 works
    "list-0-relationship": "子",
    "list-0-living": "同居",
    "list-0-age_group": "高校生年代まで",
}
DECLARATIONS = {"records_consent": "on", "truthful": "on"}


def fill(client, app, resident):
    # step 1 is prefilled from the resident's record: keep it, add the pension
    page = client.get(step_url(app, 1))
    assert "登録情報から入力" in page.content.decode()
    assert resident.address in page.content.decode()
    post = {
        "full_name": "窓口　花子",
        "full_name_kana": "マドグチ　ハナコ",
        "birth_date": "1988-05-03",
        "postal_code": "１８５００１２",
        "address": resident.address,
        "phone": "0423250111",
        **RECIPIENT,
    }
    assert client.post(step_url(app, 1), post).status_code == 302
    assert client.post(step_url(app, 2), STATUS).status_code == 302
    assert client.post(step_url(app, 3), DECLARATIONS).status_code == 302


def test_resident_applies_online(client, genkyo, resident):
    login_resident(client, resident)
    response = client.post(reverse("applications:start", args=["jidou-teate-genkyo"]))
    app = Application.objects.get()
    assert response.url == step_url(app, 1)
    fill(client, app, resident)
    app.refresh_from_db()
    assert app.data["recipient"]["postal_code"] == "185-0012"
    assert app.data["recipient"]["phone"] == "042-325-0111"
    assert app.data["status"]["list"][0]["full_name_kana"] == "マドグチ　ヒナ"
    assert app.data["status"]["list"][0]["birth_date"] == "2018-04-10"
    page = client.get(reverse("applications:check", args=[app.public_id]))
    assert "申請内容の確認" in page.content.decode()
    key = page.context["idempotency_key"]
    r1 = client.post(
        reverse("applications:submit", args=[app.public_id]), {"declaration": "yes", "idempotency_key": key}
    )
    r2 = client.post(
        reverse("applications:submit", args=[app.public_id]), {"declaration": "yes", "idempotency_key": key}
    )
    assert r1.url == r2.url == reverse("applications:done", args=[app.public_id])
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    assert Event.objects.filter(verb="submitted").count() == 1
    done = client.get(r1.url).content.decode()
    assert app.receipt_number in done
    mine = client.get(reverse("applications:mine")).content.decode()
    assert "受付" in mine and app.receipt_number in mine


def test_step_errors_are_shown_and_nothing_moves_on(client, genkyo, resident):
    login_resident(client, resident)
    client.post(reverse("applications:start", args=["jidou-teate-genkyo"]))
    app = Application.objects.get()
    response = client.post(
        step_url(app, 1), {"full_name": "窓口　花子", "full_name_kana": "Madoguchi", "postal_code": "12"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "全角カタカナで入力してください" in html
    assert "郵便番号は7桁の数字で入力してください" in html
    assert "「6月1日時点で加入している年金」を選んでください" in html
    app.refresh_from_db()
    assert app.current_step == 0


def test_save_and_resume(client, genkyo, resident):
    login_resident(client, resident)
    client.post(reverse("applications:start", args=["jidou-teate-genkyo"]))
    app = Application.objects.get()
    client.post(step_url(app, 2), {**STATUS, "save_exit": "1"})
    # later, on another device: starting again resumes the same draft
    client.logout()
    login_resident(client, resident)
    response = client.post(reverse("applications:start", args=["jidou-teate-genkyo"]))
    assert Application.objects.count() == 1
    assert response.url == step_url(app, 2)
    assert "窓口　陽菜" in client.get(step_url(app, 2)).content.decode()


def test_add_and_remove_rows(client, genkyo, resident):
    login_resident(client, resident)
    client.post(reverse("applications:start", args=["jidou-teate-genkyo"]))
    app = Application.objects.get()
    html = client.post(step_url(app, 2), {**STATUS, "add_item": "list"}).content.decode()
    assert 'name="list-1-full_name"' in html


def test_assurance_too_low_submits_nothing(client, genkyo, resident):
    login_resident(client, resident, "email")
    response = client.post(reverse("applications:start", args=["jidou-teate-genkyo"]))
    assert response.status_code == 403
    assert "マイナンバーカードでのログインが必要です" in response.content.decode()
    assert not Application.objects.exists()


def test_other_persons_application_is_not_found(client, genkyo_application, other_resident):
    login_resident(client, other_resident)
    for name in ("detail", "check", "withdraw", "copy_pdf"):
        assert (
            client.get(reverse(f"applications:{name}", args=[genkyo_application.public_id])).status_code
            == 404
        )
    assert (
        client.post(
            reverse("applications:submit", args=[genkyo_application.public_id]), {"declaration": "yes"}
        ).status_code
        == 404
    )


def test_pages_in_english(client, genkyo, resident):
    login_resident(client, resident)
    client.post(reverse("applications:start", args=["jidou-teate-genkyo"]))
    app = Application.objects.get()
    html = client.get(step_url(app, 1), headers={"accept-language": "en"}).content.decode()
    assert "Recipient" in html and "Continue" in html and "Pension scheme on June 1" in html
    response = client.post(step_url(app, 1), {"postal_code": "12"}, headers={"accept-language": "en"})
    assert "Enter the postal code as 7 digits" in response.content.decode()
    assert (
        "Procedures you can apply for online"
        in client.get(reverse("procedures:list"), headers={"accept-language": "en"}).content.decode()
    )
