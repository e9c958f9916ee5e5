"""§5: an item marked "affidavit required" (Annexure III) cannot be submitted without its affidavit:
a clear error on the item for the member, the affidavit beside the item for the office."""

import pytest
from django.core.exceptions import ValidationError

from icportal.certificates import services
from icportal.certificates.models import AppStatus
from icportal.entitlements.models import EligibleItem
from tests.certificates import factories as f
from tests.certificates.test_views_staff import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    """A draft whose second line (Buckles) the catalogue marks "affidavit required"."""
    _member, user, officer, epc = f.ready()
    buckles = EligibleItem.objects.get(segment_group__code="OTHERS", name="Buckles")
    EligibleItem.objects.filter(pk=buckles.pk).update(needs_affidavit=True)
    app = services.application_create(by=user, member=user.member, epc=epc)
    app = services.application_save(
        by=user,
        application=app,
        header=f.header(),
        items=[f.item_row("500.00", name="Rivets"), f.item_row("700.00")],
    )
    for kind in ("invoice", "draft_boe"):
        services.attachment_add(by=user, application=app, kind=kind, upload=f.pdf(f"{kind}.pdf"))
    return user, officer, app, buckles


def test_submission_is_refused_naming_the_item(case):
    user, _, app, _ = case
    with pytest.raises(ValidationError) as refused:
        services.application_submit(by=user, application=app)
    assert refused.value.message_dict["affidavit"] == [
        "Item 2 (Buckles): attach the affidavit (Annexure III) that this item needs"
    ]


def test_an_affidavit_names_an_item_of_the_application_that_needs_one(case):
    user, _, app, buckles = case
    rivets = EligibleItem.objects.get(segment_group__code="OTHERS", name="Rivets")
    for wrong in (None, rivets.pk, 999999):
        with pytest.raises(ValidationError) as refused:
            services.attachment_add(
                by=user,
                application=app,
                kind="affidavit",
                upload=f.pdf("aff.pdf"),
                eligible_item_id=wrong,
            )
        assert "Choose the item that this affidavit is for" in str(refused.value)
    services.attachment_add(
        by=user,
        application=app,
        kind="affidavit",
        upload=f.pdf("aff.pdf"),
        eligible_item_id=buckles.pk,
    )
    assert services.application_submit(by=user, application=app).status == AppStatus.SUBMITTED


def test_member_sees_the_error_on_the_item_attaches_it_and_office_sees_it_beside(client, case):
    user, officer, app, buckles = case
    client.force_login(user)
    check = client.get(url("application_check", app)).content.decode()
    assert 'data-testid="affidavit-missing"' in check
    assert "Affidavit (Annexure III) required — not attached" in check
    assert "Item 2 (Buckles): attach the affidavit" in check
    assert f"?kind=affidavit&amp;eligible_item={buckles.pk}" in check
    form = client.get(url("attachment_add", app) + f"?kind=affidavit&eligible_item={buckles.pk}")
    assert "Which item is the affidavit for?" in form.content.decode()
    refused = client.post(url("attachment_add", app), {"kind": "affidavit", "file": f.pdf("a.pdf")})
    assert "Choose the item that this affidavit is for" in refused.content.decode()
    client.post(
        url("attachment_add", app),
        {"kind": "affidavit", "eligible_item": buckles.pk, "file": f.pdf("buckles-affidavit.pdf")},
    )
    check = client.get(url("application_check", app)).content.decode()
    assert "affidavit-missing" not in check and "buckles-affidavit.pdf" in check
    app.refresh_from_db()
    client.post(url("application_check", app), {"version": app.version})
    app.refresh_from_db()
    assert app.status == AppStatus.SUBMITTED
    client.force_login(officer)
    page = client.get(url("application", app)).content.decode()
    assert 'data-testid="affidavit"' in page and "buckles-affidavit.pdf" in page


def test_the_attachment_form_offers_no_affidavit_when_no_item_needs_one(client):
    _member, user, _officer, epc = f.ready()
    app = services.application_create(by=user, member=user.member, epc=epc)
    client.force_login(user)
    page = client.get(url("attachment_add", app)).content.decode()
    assert 'value="affidavit"' not in page and "Which item" not in page


def test_the_api_attaches_an_affidavit_for_an_item_and_then_submits(api, case):
    user, _, app, buckles = case
    api.force_authenticate(user)
    base = f"/api/v1/ic-applications/{app.slug}"
    refused = api.post(f"{base}/submit/", {"version": app.version}, format="json")
    assert refused.status_code == 400 and "Item 2 (Buckles)" in refused.content.decode()
    missing = api.post(
        f"{base}/attachments/", {"kind": "affidavit", "file": f.pdf("a.pdf")}, format="multipart"
    )
    assert missing.status_code == 400 and "eligible_item" in missing.content.decode()
    added = api.post(
        f"{base}/attachments/",
        {"kind": "affidavit", "eligible_item": buckles.pk, "file": f.pdf("a.pdf")},
        format="multipart",
    )
    assert added.status_code == 201 and added.json()["eligible_item"] == buckles.pk
    app.refresh_from_db()
    done = api.post(f"{base}/submit/", {"version": app.version}, format="json")
    assert done.status_code == 200, done.content
