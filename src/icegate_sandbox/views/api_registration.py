"""Registration API: the four simplified steps, DSC registration, login and the IEC look-up."""

from __future__ import annotations

from django.http import JsonResponse

from icegate_sandbox.errors import SandboxError
from icegate_sandbox.identifiers import mask_email, mask_mobile
from icegate_sandbox.models import Role
from icegate_sandbox.selectors import registrations_for_iec
from icegate_sandbox.services import accounts, simplified
from icegate_sandbox.views.api import api_endpoint, json_body, query, require_admin, text

POST = ("POST",)


@api_endpoint(methods=POST, operation="registration.simplified.start")
def simplified_start(request):
    data = json_body(request, required=("iec", "gstin"))
    pending = simplified.simplified_start(
        iec=text(data, "iec", max_length=20), gstin=text(data, "gstin", max_length=20)
    )
    return JsonResponse(
        {
            "status": "TEMPORARY_PASSWORD_SENT",
            "message": "A temporary password was sent to the e-mail registered with GST.",
            "email": mask_email(pending.taxpayer.email),
        }
    )


@api_endpoint(methods=POST, operation="registration.simplified.verify")
def simplified_verify(request):
    data = json_body(request, required=("iec", "gstin", "temporary_password"))
    pending = simplified.simplified_verify(
        iec=text(data, "iec", max_length=20),
        gstin=text(data, "gstin", max_length=20),
        temporary_password=text(data, "temporary_password", max_length=64),
    )
    return JsonResponse(
        {
            "registration_id": pending.registration_id,
            "email": mask_email(pending.email),
            "mobile": mask_mobile(pending.mobile),
        }
    )


@api_endpoint(methods=POST, operation="registration.simplified.complete")
def simplified_complete(request):
    data = json_body(request, required=("registration_id", "icegate_id", "password"))
    pending = simplified.simplified_complete(
        registration_id=text(data, "registration_id", max_length=40),
        icegate_id=text(data, "icegate_id", max_length=40),
        password=text(data, "password", max_length=128, strip=False),
    )
    return JsonResponse(
        {
            "registration_id": pending.registration_id,
            "status": "OTP_SENT",
            "message": "A 6-digit OTP was sent to the e-mail and another to the mobile.",
            "email": mask_email(pending.email),
            "mobile": mask_mobile(pending.mobile),
        }
    )


@api_endpoint(methods=POST, operation="registration.simplified.confirm")
def simplified_confirm(request):
    data = json_body(request, required=("registration_id", "email_otp", "mobile_otp"))
    registration = simplified.simplified_confirm(
        registration_id=text(data, "registration_id", max_length=40),
        email_otp=text(data, "email_otp", max_length=12),
        mobile_otp=text(data, "mobile_otp", max_length=12),
    )
    return JsonResponse(
        {
            "status": "REGISTERED",
            "icegate_id": registration.icegate_id,
            "iec": registration.iec,
            "method": registration.method,
            "role": registration.role,
        },
        status=201,
    )


@api_endpoint(methods=POST, operation="registration.dsc")
def dsc_register(request):
    data = json_body(
        request,
        required=("icegate_id", "password", "role", "email", "mobile", "certificate_pem"),
        optional=("iec", "pga_name"),
    )
    role = text(data, "role", max_length=3)
    if role == Role.PGA:
        # Anyone could otherwise register as a government agency and upload "official"
        # documents for any beneficiary: only the sandbox's administrator registers a PGA.
        require_admin(request)
    registration = accounts.dsc_register(
        icegate_id=text(data, "icegate_id", max_length=40),
        password=text(data, "password", max_length=128, strip=False),
        role=role,
        iec=text(data, "iec", max_length=20, required=False),
        pga_name=text(data, "pga_name", max_length=200, required=False),
        email=text(data, "email", max_length=254),
        mobile=text(data, "mobile", max_length=20),
        certificate_pem=text(data, "certificate_pem", max_length=20_000),
    )
    return JsonResponse(
        {
            "status": "REGISTERED",
            "icegate_id": registration.icegate_id,
            "role": registration.role,
            "method": registration.method,
            "certificate_sha256": registration.certificate_sha256,
        },
        status=201,
    )


@api_endpoint(methods=POST, operation="registration.login")
def login(request):
    data = json_body(request, required=("icegate_id", "password"))
    registration, token = accounts.login(
        icegate_id=text(data, "icegate_id", max_length=40),
        password=text(data, "password", max_length=128, strip=False),
    )
    return JsonResponse(
        {"token": token, "message": "Welcome to ICEGATE", "role": registration.role}
    )


@api_endpoint(methods=("GET",), operation="registration.lookup")
def registrations(request):
    params = query(request, allowed=("iec",))
    if not params["iec"]:
        raise SandboxError("MISSING_PARAMETER", "Give the IEC: api/registrations?iec=…")
    return JsonResponse(
        {
            "iec": params["iec"].upper(),
            "registrations": registrations_for_iec(iec=params["iec"]),
        }
    )
