"""The demo's Hindi-reading member (issue 18): a small footwear unit in Agra whose user chose Hindi.

Signed in, every page is in Hindi; every mail the firm receives is composed in Hindi (the outbox
reads each recipient's `User.language`). The firm has something in each place a member looks:
an application still a draft, one waiting at the office, one with the office's query to answer,
an IC issued, signed and uploaded to e-SANCHIT (its "IC uploaded" mail with IRN/DRN in the firm's
inbox), a physical copy asked for and a DRN/IRN complaint open.

What the firm and the Agra office wrote (the query, the reasons) is data: it stays as written, here
in Hindi, as people in Agra would write it. Identifiers (IEC, IC number, IRN, DRN) are as always.

`people.load()` calls `load()` once, inside its transaction, after `certificates.load()`.
"""

from __future__ import annotations

from decimal import Decimal

from icportal.accounts.models import User
from icportal.certificates import services as ic
from icportal.common.dates import ist_today
from icportal.complaints import services as complaints
from icportal.dispatch import services as dispatch
from icportal.dispatch.models import Reason
from icportal.documents.services import document_produce
from icportal.esanchit import services as esanchit
from icportal.esanchit.models import Upload, UploadMode, UploadStatus

from .certificates import FOOTWEAR_LINES, _application, _epc

IEC = "AAEFS4417K"  # Shri Balaji Footwear Works (people.FIRMS, last)
IRN, DRN = "DEMOIAGR20260001", "DEMODAGR20260001"

QUERY = (
    "इनवॉइस में बकल की मात्रा 6,000 है पर आवेदन में 5,000 लिखी है। कौन-सी सही है? "
    "सही मात्रा के साथ संशोधित इनवॉइस भी लगाइए।"
)
COPY_REASON = "ICD तुगलकाबाद पर कस्टम अधिकारी ने हस्ताक्षरित प्रति माँगी है"
OFFICER_SAID = "इस IRN के लिए कोई दस्तावेज़ नहीं मिला (Document not found against this IRN)"


def load() -> None:
    user = User.objects.select_related("member").get(member__iec=IEC)
    agra = User.objects.get(role="staff", office__code="AGR")
    epc = _epc(user.member, user, "OTHERS", {"FW": Decimal("24000000")}, agra)

    # An IC issued, signed and uploaded: the "IC uploaded" mail goes to the firm in Hindi.
    app = _application(user, epc, "SBF/2026/041", FOOTWEAR_LINES[:2], "OTHERS", supplier=2)
    certificate = ic.certificate_issue(by=agra, application=app)
    _uploaded(certificate, agra)
    dispatch.copy_request_create(
        by=user, certificate=certificate, reason=Reason.CUSTOMS_PROBLEM, reason_text=COPY_REASON
    )
    complaints.complaint_file(
        by=user,
        certificate=certificate,
        data={
            "company_name": user.member.legal_name,
            "iec": user.member.iec,
            "boe_no": "3318842",
            "boe_date": ist_today(),
            "ic_number": certificate.number,
            "irn": IRN,
            "drn": DRN,
            "official_name": "एस. के. यादव",
            "official_designation": "Appraiser, ICD Tughlakabad",
            "official_mobile": "9412098765",
            "port_code": "INDEL4",
            "uploader_icegate_id": "CLEDELHI1984",  # the wrong office's ID: the diagnosis says so
            "officer_said": OFFICER_SAID,
        },
    )

    # The office asked a question the member has still to answer (on the home page).
    queried = _application(user, epc, "SBF/2026/044", FOOTWEAR_LINES[:1], "OTHERS", supplier=1)
    ic.query_raise(by=agra, application=queried, question=QUERY)
    _application(user, epc, "SBF/2026/045", FOOTWEAR_LINES[3:5], "OTHERS")  # at the office
    _application(user, epc, "SBF/2026/046", FOOTWEAR_LINES[4:], "OTHERS", submit=False)  # draft


def _uploaded(certificate, officer) -> None:
    """Sign now (so the upload row exists), then record the IRN as staff do in manual mode; the
    sandbox does not know this IRN, as for the dashboard's history (`history._uploaded`)."""
    document_produce(certificate=certificate)
    esanchit.uploads_queue()  # what the worker's esanchit.queue does after the signing
    upload = Upload.objects.get(certificate=certificate, status=UploadStatus.WAITING)
    Upload.objects.filter(pk=upload.pk).update(mode=UploadMode.MANUAL)
    esanchit.irn_record(upload=upload, irn=IRN, drn=DRN, by=officer)
