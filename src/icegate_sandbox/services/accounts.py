"""DSC registration, seeding of registrations, login and bearer tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction

from icegate_sandbox import identifiers
from icegate_sandbox.errors import SandboxError
from icegate_sandbox.models import AuthToken, Method, Registration, Role
from icegate_sandbox.services._common import check_new_password, digest, valid


def certificate_fingerprint(certificate_pem: str) -> str:
    try:
        certificate = x509.load_pem_x509_certificate(str(certificate_pem).encode())
    except (ValueError, TypeError) as exc:
        raise SandboxError(
            "CERTIFICATE_INVALID",
            "certificate_pem must be one X.509 certificate in PEM form.",
            field="certificate_pem",
        ) from exc
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


@dataclass(frozen=True)
class DscDetails:
    icegate_id: str
    role: str
    iec: str
    pga_name: str
    email: str
    mobile: str
    certificate_pem: str
    certificate_sha256: str


def _dsc_details(
    *, icegate_id, role, iec, pga_name, email, mobile, certificate_pem, method=Method.DSC
) -> DscDetails:
    icegate_id = valid(
        identifiers.normalise_icegate_id,
        icegate_id,
        code="ICEGATE_ID_INVALID",
        field="icegate_id",
        label="ICEGATE ID",
    )
    if role not in Role.values:
        raise SandboxError("ROLE_INVALID", 'role must be "IEC" or "PGA".', field="role")
    if role == Role.IEC:
        if pga_name:
            raise SandboxError(
                "INVALID_FIELD", "An IEC registration has no pga_name.", field="pga_name"
            )
        iec = valid(identifiers.normalise_iec, iec, code="IEC_INVALID", field="iec", label="IEC")
        pga_name = ""
    else:
        if iec:
            raise SandboxError("INVALID_FIELD", "A PGA registration has no iec.", field="iec")
        pga_name = str(pga_name or "").strip()
        if not pga_name:
            raise SandboxError(
                "MISSING_FIELD", "A PGA registration needs pga_name.", field="pga_name"
            )
        iec = ""
    fingerprint = ""
    if certificate_pem or method == Method.DSC:
        fingerprint = certificate_fingerprint(certificate_pem)
    return DscDetails(
        icegate_id=icegate_id,
        role=role,
        iec=iec,
        pga_name=pga_name,
        email=valid(
            identifiers.normalise_email, email, code="EMAIL_INVALID", field="email", label="E-mail"
        ),
        mobile=valid(
            identifiers.normalise_mobile,
            mobile,
            code="MOBILE_INVALID",
            field="mobile",
            label="Mobile",
        ),
        certificate_pem=str(certificate_pem or "").strip(),
        certificate_sha256=fingerprint,
    )


def dsc_register(
    *, icegate_id, password, role, iec=None, pga_name=None, email, mobile, certificate_pem
) -> Registration:
    """Register an ICEGATE ID with the digital signature certificate bound to it."""
    details = _dsc_details(
        icegate_id=icegate_id,
        role=role,
        iec=iec,
        pga_name=pga_name,
        email=email,
        mobile=mobile,
        certificate_pem=certificate_pem,
    )
    check_new_password(str(password or ""))
    try:
        with transaction.atomic():
            return Registration.objects.create(
                password_hash=make_password(password), method=Method.DSC, **details.__dict__
            )
    except IntegrityError as exc:
        raise SandboxError(
            "ICEGATE_ID_TAKEN",
            f"ICEGATE ID {details.icegate_id} is already taken.",
            status=409,
            field="icegate_id",
        ) from exc


def registration_upsert(
    *,
    icegate_id,
    password,
    role,
    method,
    iec=None,
    pga_name=None,
    email,
    mobile,
    certificate_pem="",
    gstin="",
) -> tuple[Registration, str]:
    """Seeding: create or bring up to date one registration. Returns it and created/updated/unchanged."""
    if method not in Method.values:
        raise SandboxError(
            "METHOD_INVALID", 'method must be "simplified" or "dsc".', field="method"
        )
    if method == Method.SIMPLIFIED and role != Role.IEC:
        raise SandboxError(
            "ROLE_INVALID", "Simplified registration is for IEC holders only.", field="role"
        )
    details = _dsc_details(
        icegate_id=icegate_id,
        role=role,
        iec=iec,
        pga_name=pga_name,
        email=email,
        mobile=mobile,
        certificate_pem=certificate_pem,
        method=method,
    )
    if gstin:
        gstin = valid(
            identifiers.normalise_gstin, gstin, code="GSTIN_INVALID", field="gstin", label="GSTIN"
        )
    check_new_password(str(password or ""))
    values = {**details.__dict__, "method": method, "gstin": gstin}
    with transaction.atomic():
        existing = (
            Registration.objects.select_for_update().filter(icegate_id=details.icegate_id).first()
        )
        if existing is None:
            registration = Registration.objects.create(
                password_hash=make_password(password), **values
            )
            return registration, "created"
        changed = [key for key, value in values.items() if getattr(existing, key) != value]
        for key in changed:
            setattr(existing, key, values[key])
        if not check_password(password, existing.password_hash):
            existing.password_hash = make_password(password)
            changed.append("password_hash")
        if changed:
            existing.save()
        return existing, "updated" if changed else "unchanged"


def login(*, icegate_id: str, password: str) -> tuple[Registration, str]:
    """`Welcome to ICEGATE`: a right ID and password give a bearer token."""
    registration = Registration.objects.filter(
        icegate_id=str(icegate_id or "").strip().upper()
    ).first()
    if registration is None or not check_password(str(password or ""), registration.password_hash):
        raise SandboxError(
            "INVALID_CREDENTIALS", "The ICEGATE ID or password is wrong.", status=401
        )
    token = secrets.token_urlsafe(32)
    AuthToken.objects.create(digest=digest(token), registration=registration)
    return registration, token


def registration_for_token(token: str) -> Registration | None:
    found = AuthToken.objects.select_related("registration").filter(digest=digest(token)).first()
    return found.registration if found else None
