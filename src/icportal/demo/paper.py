"""Demo paper ICs and addressed copies (issue 15 §6), after `certificates.load()`:

- paper ICs in every dispatch state: being printed, printed, dispatched (with a docket), received;
- copy requests to each kind of destination: the registered address (certificates.py makes
  those), another address in India, collection at the office;
- an application the member marked urgent, first in the Chennai office's queue.
"""

from __future__ import annotations

from icportal.accounts.models import User
from icportal.certificates import services as ic
from icportal.certificates.models import ImportCertificate
from icportal.common.dates import ist_today
from icportal.dispatch import services as dispatch
from icportal.dispatch.models import CopyRequest, DeliverTo, Kind, Method, Reason
from icportal.entitlements.models import Epc

from .certificates import FOOTWEAR_LINES, _application


def _courier(docket: str) -> dict:
    return {
        "method": Method.COURIER,
        "courier_name": "DTDC Express",
        "docket_no": docket,
        "dispatch_date": ist_today(),
    }


def load() -> None:
    staff = {u.office.code: u for u in User.objects.filter(role="staff").select_related("office")}
    users = {u.member.iec: u for u in User.objects.filter(role="member").select_related("member")}
    chennai, u_ambur = staff["CHN"], users["AACCA7310M"]
    epc = Epc.objects.filter(member=u_ambur.member).order_by("pk").first()
    for number, channel in (("ASC/2026/79", "sez"), ("ASC/2026/80", "bonded")):
        app = _application(
            u_ambur, epc, number, FOOTWEAR_LINES[4:], "OTHERS", supplier=2, channel=channel
        )
        ic.certificate_issue(by=chennai, application=app)
    # What the worker does at issue (the demo's transaction has not committed yet).
    dispatch.paper_ics_enter()
    entries = {
        (r.certificate.application.channel, r.certificate.delivery_mode): r
        for r in CopyRequest.objects.filter(kind=Kind.PHYSICAL_IC).select_related(
            "certificate__application"
        )
    }
    received = entries[("courier", "physical_copy")]
    dispatch.copy_print(by=chennai, request=received)
    dispatch.copy_dispatch(by=chennai, request=received, data=_courier("D40012345678"))
    dispatch.copy_acknowledge(by=u_ambur, request=received)
    sent = entries[("sez", "physical_copy")]
    dispatch.copy_print(by=chennai, request=sent)
    dispatch.copy_dispatch(by=chennai, request=sent, data=_courier("D40012349911"))
    # ("bonded", …) stays approved: "being printed".
    urgent = entries[("ices", "urgent_physical")]  # Agra's urgent physical IC
    dispatch.copy_print(by=staff["AGR"], request=urgent)  # printed, to be dispatched

    okhla_ic = ImportCertificate.objects.filter(member__iec="AABCO6617R").first()
    dispatch.copy_request_create(
        by=users["AABCO6617R"],
        certificate=okhla_ic,
        reason=Reason.CUSTOMS_PROBLEM,
        reason_text="ICD Tughlakabad wants the signed copy with the broker",
        deliver_to=DeliverTo.OTHER,
        address={
            "address_name": "Rajesh Kumar, Kumar Customs Brokers",
            "address": "Shop 14, ICD Tughlakabad Approach Road\nOkhla Phase II",
            "address_city": "New Delhi",
            "address_state": "Delhi",
            "address_pincode": "110020",
        },
    )
    anna_first = (
        ImportCertificate.objects.filter(member__iec="AASCA4821K", status="issued")
        .exclude(copy_requests__status__in=["requested", "approved", "printed"])
        .order_by("pk")
        .first()
    )
    dispatch.copy_request_create(
        by=users["AASCA4821K"],
        certificate=anna_first,
        reason=Reason.OTHER,
        reason_text="Second copy for the bank's LC file; our staff will collect it",
        deliver_to=DeliverTo.COLLECT,
    )

    waiting = u_ambur.member.ic_applications.filter(invoice_no="INV/ASC/2026/78").get()
    ic.application_mark_urgent(
        by=u_ambur,
        application=waiting,
        urgent=True,
        reason="Goods landed at Chennai port on Monday; demurrage starts Thursday",
    )
