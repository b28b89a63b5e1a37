"""Email login links: each logs in once; sending is limited per address and per client, and
says nothing about whether an address has an account."""

import re

import pytest
from django.core import signing
from django.test import Client

from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity import services

pytestmark = pytest.mark.django_db
TOO_MANY = "ログイン用のリンクを続けてお求めいただいたため、送信しませんでした"


def _send(client, email, ip="192.0.2.10"):
    return client.post("/login/email/", {"email": email}, REMOTE_ADDR=ip)


def _link(message) -> str:
    return re.search(r"http://testserver(/login/email/\S+/)", message.body).group(1)


def test_a_link_logs_in_once(client, mailoutbox):
    _send(client, "hanako@example.jp")
    link = _link(mailoutbox[0])
    assert client.get(link).status_code == 200  # a mail filter fetching the link spends nothing
    assert client.get(link).status_code == 200
    assert client.post(link)["Location"] == "/me/"
    assert client.session["madoguchi_assurance"] == "email"

    other = Client()  # a second browser with the same link
    answer = other.post(link, follow=True)
    assert "このリンクはすでに使われています" in answer.content.decode()
    assert not answer.wsgi_request.user.is_authenticated
    assert "このリンクはすでに使われています" in other.get(link, follow=True).content.decode()


def test_an_old_link_without_a_jti_or_a_forged_one_is_refused(client):
    old_style = signing.dumps({"email": "hanako@example.jp"}, salt=services.EMAIL_LINK_SALT)
    forged = signing.dumps({"email": "hanako@example.jp", "jti": "x"}, salt="another")
    for token in (old_style, forged):
        answer = client.post(f"/login/email/{token}/", follow=True)
        assert "リンクの有効期限が切れているか、正しくありません" in answer.content.decode()
        assert not answer.wsgi_request.user.is_authenticated


def test_an_expired_link_is_refused(client, mailoutbox, monkeypatch):
    _send(client, "hanako@example.jp")
    link = _link(mailoutbox[0])
    monkeypatch.setattr(services, "EMAIL_LINK_MAX_AGE", -1)
    answer = client.post(link, follow=True)
    assert "リンクの有効期限が切れているか" in answer.content.decode()


def test_five_links_an_hour_per_address(client, mailoutbox):
    for n in range(services.EMAIL_LINKS_PER_ADDRESS):
        assert _send(client, "Hanako@Example.jp" if n % 2 else "hanako@example.jp").status_code == 200
    refused = _send(client, "hanako@example.jp ")
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    assert len(mailoutbox) == services.EMAIL_LINKS_PER_ADDRESS  # nothing sent when refused
    # From another client the address is refused too; another address is not.
    assert _send(client, "hanako@example.jp", ip="198.51.100.7").status_code == 429
    assert _send(client, "taro@example.jp").status_code == 200
    assert len(mailoutbox) == services.EMAIL_LINKS_PER_ADDRESS + 1


def test_twenty_links_an_hour_per_client(client, mailoutbox):
    for n in range(services.EMAIL_LINKS_PER_CLIENT):
        assert _send(client, f"resident{n}@example.jp").status_code == 200
    refused = _send(client, "someone-else@example.jp")
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    assert len(mailoutbox) == services.EMAIL_LINKS_PER_CLIENT
    # The refused send counted nothing against the address; other clients go on.
    assert _send(client, "someone-else@example.jp", ip="198.51.100.7").status_code == 200


def test_the_answer_does_not_tell_whether_an_address_has_an_account(client, mailoutbox, django_user_model):
    user = django_user_model.objects.create_user(username="email:known@example.jp", email="known@example.jp")
    PersonFactory(email="known@example.jp", user=user)
    known = _send(client, "known@example.jp").content.decode().replace("known@", "X@")
    unknown = _send(client, "nobody@example.jp").content.decode().replace("nobody@", "X@")
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"')
    assert strip.sub("", known) == strip.sub("", unknown)
    assert len(mailoutbox) == 2  # both get a link: an unknown address gets an account on first use


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_uses_of_one_link_log_in_once(client, mailoutbox):
    import threading

    from django.db import connection

    _send(client, "hanako@example.jp")
    link = _link(mailoutbox[0])
    barrier = threading.Barrier(2)
    answers = []

    def use():
        try:
            barrier.wait(timeout=10)
            answers.append(Client().post(link)["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=use) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(answers) == ["/login/email/", "/me/"]
