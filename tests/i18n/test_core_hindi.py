"""The shared parts in Hindi (issue 18): sign-in and password pages, the reset mail, the error
summary, a date typed wrong, the switcher, the API's human text, the users page's language — and
dates and ₹ amounts printed the same in both languages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from rest_framework.test import APIClient

from icportal.audit.models import AuditEvent, Verb
from icportal.common.forms import DayField
from icportal.notifications.models import Email
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
RESET = "/accounts/password-reset/"


def hindi(msgid: str) -> str:
    with translation.override("hi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Hindi for {msgid!r}"
    return text


def text(response) -> str:
    """The page as a person reads it: tags gone, entities and spaces as one space each."""
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", page.replace("&#x27;", "'").replace("&quot;", '"'))


def test_the_sign_in_page_answers_in_hindi_to_the_browser(client):
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="hi")
    html = page.content.decode()
    assert '<html lang="hi">' in html
    assert f"<h1>{hindi('Sign in')}</h1>" in html
    assert f">{hindi('E-mail address')}</label>" in html
    with translation.override("hi"):
        password = translation.pgettext("form field", "Password")
    assert f">{password}</label>" in html and password == "पासवर्ड"  # the glossary's word
    assert "कूटशब्द" not in html  # Django's own Hindi for "Password" (contrib.auth) is not used
    assert f'type="submit">{hindi("Sign in")}</button>' in html
    assert hindi("Forgotten your password?") in html
    assert hindi("Skip to main content") in html  # base.html too
    english = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Sign in</h1>" in english and hindi("Sign in") not in english


def test_a_wrong_password_is_said_in_hindi_in_the_error_summary(client):
    factories.member_user(email="hindi@firm.example")
    page = client.post(
        LOGIN,
        {"username": "hindi@firm.example", "password": "wrong-password"},
        HTTP_ACCEPT_LANGUAGE="hi",
    )
    said = text(page)
    assert hindi("There is a problem") in said
    assert (
        hindi(
            "Please enter a correct email address and password. Note that both fields may be "
            "case-sensitive."
        )
        in said
    )
    empty = text(client.post(LOGIN, {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="hi"))
    assert f"{hindi('E-mail address')}: {hindi('This field is required.')}" in empty


def test_the_password_reset_page_and_mail_are_hindi_for_a_hindi_account(client):
    factories.member_user(email="hindi@firm.example", language="hi", full_name="Ramesh Kumar")
    factories.member_user(email="english@firm.example", full_name="Anita Rao")
    page = client.get(RESET, HTTP_ACCEPT_LANGUAGE="hi")
    assert f"<h1>{hindi('Reset your password')}</h1>" in page.content.decode()
    for address in ("hindi@firm.example", "english@firm.example"):
        done = client.post(RESET, {"email": address}, HTTP_ACCEPT_LANGUAGE="hi", follow=True)
        assert hindi("Check your e-mail") in done.content.decode()
    mails = {mail.to: mail for mail in Email.objects.all()}
    mine = mails["hindi@firm.example"]
    assert mine.subject == hindi("Reset your icportal password")
    with translation.override("hi"):
        greeting = translation.gettext("Dear %(full_name)s,") % {"full_name": "Ramesh Kumar"}
    assert greeting in mine.body_text and greeting in mine.body_html
    assert hindi("If it was not you, ignore this e-mail: your password stays as it is.") in (
        mine.body_text
    )
    assert "/accounts/set-password/" in mine.body_text  # the link itself is never translated
    # The mail follows the recipient's account, not the language of the page that asked for it.
    theirs = mails["english@firm.example"]
    assert theirs.subject == "Reset your icportal password"
    assert "Dear Anita Rao," in theirs.body_text


def test_a_date_typed_wrong_gets_the_hindi_message_and_hint():
    class Form(forms.Form):
        day = DayField(label="Day")

    with translation.override("hi"):
        form = Form({"day": "31/13/2026"})
        assert not form.is_valid()
        assert form.errors["day"] == [translation.gettext("The month must be 1–12")]
        assert str(form.fields["day"].help_text) == translation.gettext("For example, 27/03/2026")
        wrong_shape = Form({"day": "tomorrow"})
        assert not wrong_shape.is_valid()
        shape = translation.gettext("Enter the date as day/month/year, like 27/03/2026")
        assert wrong_shape.errors["day"] == [shape]
        no_such_day = Form({"day": "30/02/2026"})
        assert not no_such_day.is_valid()
        message = no_such_day.errors["day"][0]
    assert message.startswith("30/02/2026") and "28" in message
    assert message != "30/02/2026 is not a date: February 2026 has 28 days"
    with translation.override("en"):
        assert Form({"day": "30/02/2026"}).errors["day"] == [
            "30/02/2026 is not a date: February 2026 has 28 days"
        ]


def test_the_switcher_offers_each_language_in_its_own_name(client):
    html = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    switch = html[html.index('data-testid="language-switch"') :]
    switch = switch[: switch.index("</form>")]
    assert f'aria-label="{hindi("Language")}"' in switch
    assert re.search(r'value="en" lang="en"[^>]*aria-pressed="false">English</button>', switch)
    hindi_name = translation.get_language_info("hi")["name_local"]
    assert re.search(rf'value="hi" lang="hi"[^>]*aria-pressed="true">{hindi_name}</button>', switch)


def test_a_hindi_account_reads_its_pages_and_menus_in_hindi(client):
    user = factories.member_user(language="hi")
    client.force_login(user)
    page = client.get("/accounts/tokens/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert f"<h1>{hindi('API tokens')}</h1>" in html
    assert f">{hindi('Complaints')}</a>" in html  # the navigation bar
    assert f">{hindi('Sign out')}</button>" in html
    assert hindi("Council for Leather Exports") in html  # title and footer


@pytest.fixture
def member_api():
    client = APIClient()
    client.force_authenticate(factories.member_user())
    return client


def test_api_errors_speak_the_language_the_client_asks_for(member_api, settings):
    for language, said in (("hi", hindi), ("en", lambda msgid: msgid)):
        bad_cursor = member_api.get(
            "/api/v1/certificates/?cursor=nonsense", HTTP_ACCEPT_LANGUAGE=language
        )
        assert bad_cursor.status_code == 404
        assert bad_cursor.json()["error"]["message"] == said(
            "This cursor is not valid: start again from the first page."
        )
        anonymous = APIClient().get("/api/v1/certificates/", HTTP_ACCEPT_LANGUAGE=language)
        assert anonymous.status_code in (401, 403)
        assert anonymous.json()["error"]["message"] == said(
            "Authentication credentials were not provided."
        )
    settings.API_MAX_OFFSET = 5
    refused = member_api.get("/api/v1/certificates/?offset=6", HTTP_ACCEPT_LANGUAGE="hi")
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["message"] == hindi("Some fields are not valid.")
    too_far = (
        "offset can be at most %(max)s: go further with the `next` or `last` links of a page (a "
        "cursor), as fast as the first page."
    )
    assert error["fields"]["offset"] == [hindi(too_far) % {"max": "5"}]
    english = member_api.get("/api/v1/certificates/?offset=6", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"]["fields"]["offset"][0].startswith("offset can be at most 5:")


def test_dates_and_rupees_print_the_same_in_hindi_and_english():
    template = Template(
        "{% load icportal %}{{ amount|inr }} | {{ day|date:'d/m/Y' }} | {{ moment|ist }} | "
        "{{ day }} | {{ quantity|quantity }}"
    )
    context = {
        "amount": Decimal("12345678"),
        "day": dt.date(2026, 3, 27),
        "moment": dt.datetime(2026, 3, 27, 6, 0, tzinfo=dt.UTC),
        "quantity": 5000,
    }
    printed = {}
    for language in ("en", "hi"):
        with translation.override(language):
            printed[language] = template.render(Context(context))
    assert printed["hi"] == printed["en"]
    assert printed["en"] == "₹1,23,45,678.00 | 27/03/2026 | 27/03/2026 11:30 | 27/03/2026 | 5,000"


def test_head_office_sets_a_users_language_with_an_audit_row(client):
    admin = factories.head_office_user()
    member = factories.member_user(email="ramesh@firm.example")
    client.force_login(admin)
    users = client.get("/accounts/users/").content.decode()
    assert '<th scope="col">Language</th>' in users
    response = client.post(f"/accounts/users/{member.pk}/language/", {"language": "hi"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "hi"
    event = AuditEvent.objects.get(verb=Verb.USER_LANGUAGE_SET)
    assert event.actor == admin and event.payload == {"from": "", "to": "hi"}
    detail = client.get(f"/accounts/users/{member.pk}/").content.decode()
    assert 'data-testid="user-language">हिन्दी</dd>' in detail
    row = client.get("/accounts/users/").content.decode()
    assert re.search(r'data-user="ramesh@firm.example".*?data-testid="language">हिन्दी<', row, re.S)
    # Only head office: a member cannot set another account's language.
    other = factories.member_user(member=member.member, email="other@firm.example")
    client.force_login(other)
    refused = client.post(f"/accounts/users/{member.pk}/language/", {"language": "en"})
    assert refused.status_code in (403, 404)
    member.refresh_from_db()
    assert member.language == "hi"


def test_audit_labels_and_the_outbox_statuses_have_hindi():
    with translation.override("hi"):
        assert str(Verb.IC_ISSUED.label) == translation.gettext("IC issued") != "IC issued"
        assert str(Email._meta.get_field("status").choices[0][1]) != "Ready to send"
