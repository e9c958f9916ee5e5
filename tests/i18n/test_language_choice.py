"""Choosing the language (issue 18): the switcher's cookie before sign-in, kept on the account after,
the account's language over the browser's, mails in the recipient's language, the API by
Accept-Language."""

from __future__ import annotations

import pytest
from django.utils import translation

from icportal.audit.models import AuditEvent, Verb
from icportal.notifications.models import Email
from icportal.notifications.services import notify_member
from icportal.notifications.templates import EmailTemplate, IcCancelledPayload
from tests import factories

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    text = response.content.decode()
    start = text.index("<html lang=") + len('<html lang="')
    return text[start : text.index('"', start)]


def test_the_browser_language_chooses_before_sign_in(client):
    assert html_lang(client.get("/accounts/login/")).startswith("en")
    assert html_lang(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="hi")) == "hi"


def test_the_switcher_sets_a_cookie_and_goes_back(client):
    response = client.post("/accounts/language/", {"language": "hi", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.cookies["django_language"].value == "hi"
    assert html_lang(client.get("/accounts/login/")) == "hi"
    # An address elsewhere is never followed.
    response = client.post(
        "/accounts/language/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert client.post("/accounts/language/", {"language": "xx"}).status_code == 400


def test_a_signed_in_choice_is_kept_on_the_account_and_audited(client):
    user = factories.member_user()
    client.force_login(user)
    client.post("/accounts/language/", {"language": "hi", "next": "/"})
    user.refresh_from_db()
    assert user.language == "hi"
    event = AuditEvent.objects.get(verb=Verb.USER_LANGUAGE_SET)
    assert event.payload == {"from": "", "to": "hi"} and event.member_id == user.member_id
    # A new browser (no cookie, English Accept-Language) still shows the account's language.
    other = client.__class__()
    other.force_login(user)
    assert html_lang(other.get("/", HTTP_ACCEPT_LANGUAGE="en", follow=True)) == "hi"


def test_the_api_follows_accept_language_not_the_account(client):
    user = factories.member_user(language="hi")
    client.force_login(user)
    response = client.get("/api/v1/certificates/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"].startswith("en")
    response = client.get("/api/v1/certificates/", HTTP_ACCEPT_LANGUAGE="hi")
    assert response["Content-Language"] == "hi"


def test_mails_go_in_each_recipients_language():
    member = factories.MemberFactory()
    factories.member_user(member=member, email="hindi@firm.example", language="hi")
    factories.member_user(member=member, email="english@firm.example")
    payload = IcCancelledPayload(**{name: "X" for name in IcCancelledPayload.__dataclass_fields__})
    notify_member(member=member, template=EmailTemplate.IC_CANCELLED, payload=payload)
    mails = {m.to: m for m in Email.objects.all()}
    with translation.override("hi"):
        hindi_subject = translation.gettext("Import Certificate {ic_number} cancelled")
    assert mails["english@firm.example"].subject == "Import Certificate X cancelled"
    assert mails["hindi@firm.example"].subject == hindi_subject.format(ic_number="X")
    assert mails["hindi@firm.example"].subject != mails["english@firm.example"].subject
