import pytest

from madoguchi.core.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/login/", "マイナンバーカードでログイン"),
        ("/login/email/", "メールアドレスでログイン"),
        ("/logout/", "ログアウト"),
        ("/idp/", "テスト用本人確認サービス"),
        ("/staff/accounts/login/", "<form"),
    ],
)
def test_pages_render_in_the_city_layout(client, path, text):
    MunicipalityFactory()
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert text in body and "site-header" in body


def test_pages_in_english(client):
    MunicipalityFactory()
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Log in with My Number Card" in response.content.decode()


def test_header_offers_login_to_visitors(client):
    MunicipalityFactory()
    assert 'href="/login/"' in client.get("/").content.decode()


def test_the_staff_login_offers_no_sign_up(client, db):
    from madoguchi.core.tests.factories import MunicipalityFactory

    MunicipalityFactory()
    html = client.get("/staff/accounts/login/").content.decode()
    assert "職員ログイン" in html and 'class="field__label"' in html
    assert "/staff/accounts/signup/" not in html and "ユーザー登録" not in html
