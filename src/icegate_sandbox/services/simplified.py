"""Simplified registration in the four steps of Circular 14/2019 (domain-facts §3.1)."""

from __future__ import annotations

import secrets
import string

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from icegate_sandbox import conf, identifiers
from icegate_sandbox.errors import SandboxError
from icegate_sandbox.formats import new_registration_id
from icegate_sandbox.models import (
    GstnTaxpayer,
    Method,
    Registration,
    Role,
    SimplifiedRegistration,
)
from icegate_sandbox.services._common import check_new_password, digest, new_icegate_id, same, valid
from icegate_sandbox.services.mailbox import (
    EmailOtpMail,
    MobileOtpSms,
    TemporaryPasswordMail,
    message_send,
)

Status = SimplifiedRegistration.Status


def simplified_start(*, iec: str, gstin: str) -> SimplifiedRegistration:
    """Step 1: the IEC and GSTIN must match a GST record; a temporary password goes to its e-mail."""
    iec = valid(identifiers.normalise_iec, iec, code="IEC_INVALID", field="iec", label="IEC")
    gstin = valid(
        identifiers.normalise_gstin, gstin, code="GSTIN_INVALID", field="gstin", label="GSTIN"
    )
    if gstin[2:12] != iec:
        raise SandboxError(
            "IEC_GSTIN_MISMATCH",
            f"The PAN inside GSTIN {gstin} is {gstin[2:12]}, which is not IEC {iec}.",
            field="gstin",
        )
    taxpayer = GstnTaxpayer.objects.filter(gstin=gstin).first()
    if taxpayer is None:
        raise SandboxError(
            "GSTIN_NOT_FOUND",
            f"GSTIN {gstin} is not in the GST records.",
            status=404,
            field="gstin",
        )
    alphabet = string.ascii_letters + string.digits
    temporary_password = "".join(secrets.choice(alphabet) for _ in range(10))
    with transaction.atomic():
        pending = SimplifiedRegistration.objects.create(
            registration_id=new_registration_id(),
            taxpayer=taxpayer,
            iec=iec,
            gstin=gstin,
            status=Status.TEMPORARY_PASSWORD_SENT,
            temporary_password_digest=digest(temporary_password),
            temporary_password_expires_at=timezone.now() + conf.TEMPORARY_PASSWORD_VALIDITY,
        )
        message_send(
            payload=TemporaryPasswordMail(
                to=taxpayer.email,
                legal_name=taxpayer.legal_name,
                iec=iec,
                temporary_password=temporary_password,
            )
        )
    return pending


@transaction.atomic
def _verify_or_count(*, iec: str, gstin: str, temporary_password: str):
    pending = (
        SimplifiedRegistration.objects.select_for_update()
        .select_related("taxpayer")
        .filter(iec=iec, gstin=gstin)
        .order_by("-created_at", "-pk")
        .first()
    )
    if pending is None or pending.status != Status.TEMPORARY_PASSWORD_SENT:
        raise SandboxError(
            "NOT_STARTED",
            "Ask for a temporary password first (step 1).",
            status=409,
            field="temporary_password",
        )
    if timezone.now() > pending.temporary_password_expires_at:
        raise SandboxError(
            "TEMPORARY_PASSWORD_EXPIRED",
            "The temporary password has expired; ask for a new one.",
            field="temporary_password",
        )
    if not same(str(temporary_password or "").strip(), pending.temporary_password_digest):
        pending.temporary_password_wrong_tries += 1
        if pending.temporary_password_wrong_tries >= conf.MAX_WRONG_TRIES:
            pending.status = Status.LOCKED
        pending.save(update_fields=["temporary_password_wrong_tries", "status"])
        return pending, False
    pending.status = Status.VERIFIED
    pending.email = pending.taxpayer.email
    pending.mobile = pending.taxpayer.mobile
    pending.save(update_fields=["status", "email", "mobile"])
    return pending, True


def simplified_verify(*, iec: str, gstin: str, temporary_password: str) -> SimplifiedRegistration:
    """Step 2: the temporary password proves access to the GST e-mail; contact details are shown."""
    iec = valid(identifiers.normalise_iec, iec, code="IEC_INVALID", field="iec", label="IEC")
    gstin = valid(
        identifiers.normalise_gstin, gstin, code="GSTIN_INVALID", field="gstin", label="GSTIN"
    )
    # A wrong try is committed before the error is raised, so the count survives the answer.
    pending, right = _verify_or_count(iec=iec, gstin=gstin, temporary_password=temporary_password)
    if right:
        return pending
    if pending.status == Status.LOCKED:
        raise SandboxError(
            "REGISTRATION_LOCKED",
            "Too many wrong temporary passwords: ask for a new one (step 1).",
            status=409,
            field="temporary_password",
        )
    left = conf.MAX_WRONG_TRIES - pending.temporary_password_wrong_tries
    raise SandboxError(
        "TEMPORARY_PASSWORD_INVALID",
        f"The temporary password is wrong; {left} tries left.",
        field="temporary_password",
    )


def _pending(registration_id: str) -> SimplifiedRegistration:
    pending = (
        SimplifiedRegistration.objects.select_for_update()
        .filter(registration_id=str(registration_id or "").strip().upper())
        .first()
    )
    if pending is None:
        raise SandboxError(
            "REGISTRATION_NOT_FOUND", "No simplified registration has that id.", status=404
        )
    if pending.status == Status.COMPLETED:
        raise SandboxError(
            "ALREADY_REGISTERED",
            f"This registration is complete: ICEGATE ID {pending.icegate_id}.",
            status=409,
        )
    if pending.status == Status.LOCKED:
        raise SandboxError(
            "REGISTRATION_LOCKED",
            "Too many wrong tries: start again and ask for a new temporary password.",
            status=409,
        )
    return pending


def simplified_complete(
    *, registration_id: str, icegate_id: str, password: str
) -> SimplifiedRegistration:
    """Step 3: choose the ICEGATE ID and password; a 6-digit OTP goes to the e-mail and one to the mobile."""
    with transaction.atomic():
        pending = _pending(registration_id)
        if pending.status not in (Status.VERIFIED, Status.OTP_SENT):
            raise SandboxError(
                "WRONG_STEP", "Verify the temporary password first (step 2).", status=409
            )
        icegate_id = new_icegate_id(icegate_id)
        check_new_password(str(password or ""))
        email_otp = f"{secrets.randbelow(1_000_000):06d}"
        mobile_otp = f"{secrets.randbelow(1_000_000):06d}"
        pending.icegate_id = icegate_id
        pending.password_hash = make_password(password)
        pending.email_otp_digest = digest(email_otp)
        pending.mobile_otp_digest = digest(mobile_otp)
        pending.otp_expires_at = timezone.now() + conf.OTP_VALIDITY
        pending.otp_wrong_tries = 0
        pending.status = Status.OTP_SENT
        pending.save()
        message_send(payload=EmailOtpMail(to=pending.email, icegate_id=icegate_id, otp=email_otp))
        message_send(payload=MobileOtpSms(to=pending.mobile, icegate_id=icegate_id, otp=mobile_otp))
    return pending


@transaction.atomic
def _confirm_or_count(*, registration_id: str, email_otp: str, mobile_otp: str):
    pending = _pending(registration_id)
    if pending.status != Status.OTP_SENT:
        raise SandboxError(
            "WRONG_STEP", "Choose the ICEGATE ID and password first (step 3).", status=409
        )
    if timezone.now() > pending.otp_expires_at:
        raise SandboxError(
            "OTP_EXPIRED",
            "The OTPs have expired (10 minutes); ask for new ones.",
            field="email_otp",
        )
    email_ok = same(str(email_otp or "").strip(), pending.email_otp_digest)
    mobile_ok = same(str(mobile_otp or "").strip(), pending.mobile_otp_digest)
    if not (email_ok and mobile_ok):
        pending.otp_wrong_tries += 1
        if pending.otp_wrong_tries >= conf.MAX_WRONG_TRIES:
            pending.status = Status.LOCKED
        pending.save(update_fields=["otp_wrong_tries", "status"])
        return pending, ("email_otp" if not email_ok else "mobile_otp")
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                icegate_id=pending.icegate_id,
                password_hash=pending.password_hash,
                role=Role.IEC,
                method=Method.SIMPLIFIED,
                iec=pending.iec,
                gstin=pending.gstin,
                email=pending.email,
                mobile=pending.mobile,
            )
    except IntegrityError as exc:
        raise SandboxError(
            "ICEGATE_ID_TAKEN",
            f"ICEGATE ID {pending.icegate_id} was taken meanwhile; choose another (step 3).",
            status=409,
        ) from exc
    pending.completed_registration = registration
    pending.status = Status.COMPLETED
    pending.save(update_fields=["completed_registration", "status"])
    return pending, None


def simplified_confirm(*, registration_id: str, email_otp: str, mobile_otp: str) -> Registration:
    """Step 4: both OTPs right within 10 minutes, at most 5 wrong tries → the ICEGATE ID exists."""
    # The wrong-try count must be saved even though the answer is an error, so it is committed
    # by its own transaction before the error is raised.
    pending, wrong_field = _confirm_or_count(
        registration_id=registration_id, email_otp=email_otp, mobile_otp=mobile_otp
    )
    if wrong_field is None:
        return pending.completed_registration
    if pending.status == Status.LOCKED:
        raise SandboxError(
            "REGISTRATION_LOCKED",
            "Too many wrong OTPs: start again and ask for a new temporary password.",
            status=409,
            field=wrong_field,
        )
    left = conf.MAX_WRONG_TRIES - pending.otp_wrong_tries
    raise SandboxError("OTP_INVALID", f"An OTP is wrong; {left} tries left.", field=wrong_field)
