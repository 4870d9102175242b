"""Resetting a forgotten password by e-mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_reset_link_arrives_by_email_and_sets_a_new_password():
    make_user("ada@example.org", language="en")
    client = Client(headers={"Accept-Language": "en"})
    response = client.post("/accounts/password-reset/", {"email": "ADA@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Hatchway: choose a new password"
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/\S+/)", str(message.body))
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert response.status_code == 302
    assert Client().login(username="ada@example.org", password="a-brand-new-passphrase")


def test_the_reset_email_is_written_in_chinese_for_a_chinese_speaking_visitor():
    make_user("lin@example.cn")
    Client(headers={"Accept-Language": "zh-CN"}).post(
        "/accounts/password-reset/", {"email": "lin@example.cn"}
    )
    assert mail.outbox[0].subject != "Hatchway: choose a new password"
    assert re.search(r"[\u4e00-\u9fff]", str(mail.outbox[0].subject))


def test_an_unknown_address_sends_nothing_and_reveals_nothing():
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
