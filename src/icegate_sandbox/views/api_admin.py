"""Sandbox administration (X-Sandbox-Admin-Key): GSTN records, faults, stats; and the mailbox."""

from __future__ import annotations

from django.http import JsonResponse

from icegate_sandbox import selectors
from icegate_sandbox.models import Fault
from icegate_sandbox.services import faults, taxpayers
from icegate_sandbox.views.api import (
    api_endpoint,
    flag,
    json_body,
    number,
    query,
    require_admin,
    text,
)


@api_endpoint(methods=("POST",))
def gstn_taxpayers(request):
    require_admin(request)
    data = json_body(
        request, required=("gstin", "legal_name", "email", "mobile"), optional=("iec",)
    )
    taxpayer, outcome = taxpayers.taxpayer_upsert(
        gstin=text(data, "gstin", max_length=20),
        legal_name=text(data, "legal_name", max_length=200),
        email=text(data, "email", max_length=254),
        mobile=text(data, "mobile", max_length=20),
        iec=text(data, "iec", max_length=20, required=False),
    )
    return JsonResponse(
        {
            "gstin": taxpayer.gstin,
            "pan": taxpayer.pan,
            "legal_name": taxpayer.legal_name,
            "email": taxpayer.email,
            "mobile": taxpayer.mobile,
            "outcome": outcome,
        },
        status=201 if outcome == "created" else 200,
    )


@api_endpoint(methods=("GET", "POST", "DELETE"))
def fault_list(request):
    require_admin(request)
    if request.method == "POST":
        data = json_body(
            request,
            required=("operation",),
            optional=("error_rate", "latency_ms", "timeout_rate", "outage", "seed"),
        )
        fault = faults.fault_set(
            operation=text(data, "operation", max_length=64),
            error_rate=number(data, "error_rate", low=0, high=1),
            latency_ms=number(data, "latency_ms", low=0, high=600_000, integer=True),
            timeout_rate=number(data, "timeout_rate", low=0, high=1),
            outage=flag(data, "outage"),
            seed=number(data, "seed", low=-(2**62), high=2**62, integer=True),
        )
        return JsonResponse(faults.fault_as_dict(fault), status=201)
    if request.method == "DELETE":
        params = query(request, allowed=("operation",))
        cleared = faults.fault_clear(operation=params["operation"] or None)
        return JsonResponse({"cleared": cleared})
    query(request, allowed=())
    return JsonResponse(
        {"faults": [faults.fault_as_dict(f) for f in Fault.objects.order_by("operation")]}
    )


@api_endpoint(methods=("GET",))
def stats(request):
    require_admin(request)
    query(request, allowed=())
    return JsonResponse(selectors.stats())


@api_endpoint(methods=("GET",))
def mailbox(request):
    params = query(request, allowed=("to",))
    messages = selectors.mailbox(to=params["to"])
    return JsonResponse({"messages": [selectors.message_as_dict(m) for m in messages]})
