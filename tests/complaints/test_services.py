import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from icportal.complaints import services
from icportal.complaints.models import Complaint, Note, Status
from icportal.notifications.models import Email
from tests import factories
from tests.complaints import factories as c
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def ic(monkeypatch):
    c.fake_icegate(monkeypatch)
    return d.issued()


def test_ticket_assign_notes_escalate_resolve(ic, settings):
    settings.ICEGATE_HELPDESK_EMAIL = "helpdesk@icegate.test"
    user, officer, certificate = ic
    complaint = c.filed(user, certificate, uploader_icegate_id="CLEDELHI1984")
    assert complaint.reference.startswith("CLE/CHN/CMP/")
    complaint = services.complaint_assign(by=officer, complaint=complaint)
    assert complaint.status == Status.IN_PROGRESS and complaint.assigned_to == officer
    services.complaint_note_add(
        by=officer, complaint=complaint, text="Called the appraiser", member_visible=False
    )
    assert not Email.objects.filter(template="complaint_update").exists()
    services.complaint_note_add(
        by=officer, complaint=complaint, text="Quote CLEINDIA1984", member_visible=True
    )
    assert "Quote CLEINDIA1984" in Email.objects.get(template="complaint_update").body_text
    complaint = services.complaint_escalate(by=officer, complaint=complaint)
    mail = complaint.escalation_email
    assert mail.to == "helpdesk@icegate.test" and complaint.status == Status.ESCALATED
    for value in (
        complaint.boe_no,
        complaint.irn,
        complaint.drn,
        "S. Raman, Appraiser",
        "+919840012345",
    ):
        assert value in mail.body_html
    assert "<table" in mail.body_html
    with pytest.raises(ValidationError, match="Already escalated"):
        services.complaint_escalate(by=officer, complaint=complaint)
    with pytest.raises(ValidationError) as exc:
        services.complaint_resolve(by=officer, complaint=complaint, cause="bogus", resolution="")
    assert set(exc.value.message_dict) == {"cause", "resolution"}
    complaint = services.complaint_resolve(
        by=officer, complaint=complaint, cause="wrong_number", resolution="Quote CLEINDIA1984."
    )
    assert complaint.status == Status.RESOLVED
    assert "Wrong number quoted" in Email.objects.get(template="complaint_resolved").body_text
    with pytest.raises(ValidationError):
        services.complaint_resolve(by=officer, complaint=complaint, cause="other", resolution="x")


@pytest.mark.parametrize(
    "field,value",
    [
        ("drn", "DRN-12/34"),
        ("irn", "X" * 40),
        ("irn", ""),
        ("official_mobile", "12345"),
        ("iec", "ABC"),
        ("boe_no", "12AB"),
        ("port_code", "MAA"),
        ("uploader_icegate_id", "CLE INDIA!"),
        ("boe_date", "2999-01-01"),
        ("official_name", ""),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_saved(ic, field, value):
    user, _, certificate = ic
    with pytest.raises(ValidationError) as exc:
        c.filed(user, certificate, **{field: value})
    assert field in exc.value.message_dict
    assert not Complaint.objects.exists()


def test_identifiers_are_normalised(ic):
    user, _, certificate = ic
    complaint = c.filed(
        user, certificate, drn="drn 2026 chn 000001", official_mobile="+91 98400-12345"
    )
    assert complaint.drn == c.DRN and complaint.official_mobile == "+919840012345"


def test_screenshot_must_be_a_small_image(ic):
    user, _, certificate = ic
    data = c.quoted(certificate)
    for upload, message in (
        (SimpleUploadedFile("s.png", b"%PDF-1.4 not an image"), "PNG or JPEG"),
        (SimpleUploadedFile("s.png", PNG + b"\0" * (2 * 1024 * 1024)), "limit is 2 MB"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.complaint_file(by=user, certificate=certificate, data=data, screenshot=upload)
    assert not Complaint.objects.exists()
    complaint = services.complaint_file(
        by=user, certificate=certificate, data=data, screenshot=SimpleUploadedFile("s.png", PNG)
    )
    assert complaint.screenshot.name.endswith(".png")


def test_someone_elses_ic_and_other_office_are_refused(ic):
    user, _officer, certificate = ic
    with pytest.raises(PermissionDenied):
        c.filed(factories.member_user(), certificate)
    complaint = c.filed(user, certificate)
    for outsider in (factories.staff_user("DEL"), user):
        with pytest.raises(PermissionDenied):
            services.complaint_assign(by=outsider, complaint=complaint)
        with pytest.raises(PermissionDenied):
            services.complaint_resolve(
                by=outsider, complaint=complaint, cause="other", resolution="x"
            )
    assert not Note.objects.exists()
