"""Every write to members, their GSTINs and ICEGATE registration records."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from icportal.accounts import scopes
from icportal.accounts.roles import require_head_office, scope_for
from icportal.audit.models import AuditEvent, Verb
from icportal.audit.services import audit_record
from icportal.common import identifiers
from icportal.offices.models import Office

from .models import (
    IcegateRegistration,
    Member,
    MemberGstin,
    RegistrationMethod,
    RegistrationStatus,
    Segment,
    VerificationMethod,
)
from .validation import MemberData, member_data_check_unique

OTHER_OFFICE = "Staff can only manage members of their own office"

_SIMPLE_FIELDS = (
    "legal_name",
    "iec",
    "iec_is_legacy",
    "pan",
    "rcmc_number",
    "rcmc_valid_from",
    "rcmc_valid_to",
    "address",
    "city",
    "state",
    "pincode",
    "gstn_email",
    "gstn_mobile",
)


def _write_gstins(member: Member, gstins: list[str]) -> None:
    MemberGstin.objects.filter(member=member).exclude(gstin__in=gstins).delete()
    existing = set(member.gstins.values_list("gstin", flat=True))
    member.gstins.update(is_primary=False)
    for index, gstin in enumerate(gstins):
        if gstin in existing:
            MemberGstin.objects.filter(gstin=gstin).update(is_primary=index == 0)
        else:
            MemberGstin.objects.create(
                member=member, gstin=gstin, state_code=gstin[:2], is_primary=index == 0
            )


def _create(data: MemberData, office: Office, segments: dict[str, Segment]) -> Member:
    member = Member(office=office, **{f: getattr(data, f) for f in _SIMPLE_FIELDS})
    member.save()
    MemberGstin.objects.bulk_create(
        MemberGstin(member=member, gstin=g, state_code=g[:2], is_primary=i == 0)
        for i, g in enumerate(data.gstins)
    )
    member.segments.set([segments[c] for c in data.segment_codes])
    IcegateRegistration.objects.create(member=member)
    return member


@transaction.atomic
def member_create(*, by, data: MemberData) -> Member:
    """Staff add a member firm; it starts 'not registered on ICEGATE'."""
    office = Office.objects.get(code=data.office_code)
    scopes.require_own_office(by, office_id=office.pk, message=OTHER_OFFICE)
    errors = member_data_check_unique(data)
    if errors:
        raise ValidationError(errors)
    segments = {s.code: s for s in Segment.objects.filter(code__in=data.segment_codes)}
    member = _create(data, office, segments)
    audit_record(
        actor=by,
        verb=Verb.MEMBER_CREATED,
        target=member,
        member=member,
        office=office,
        payload={"iec": member.iec, "gstins": data.gstins},
    )
    return member


@transaction.atomic
def member_update(*, by, member: Member, data: MemberData) -> Member:
    scopes.require_own_office(by, office_id=member.office_id, message=OTHER_OFFICE)
    member = Member.objects.select_for_update().get(pk=member.pk)
    office = Office.objects.get(code=data.office_code)
    if office.pk != member.office_id:
        scopes.require_own_office(by, office_id=office.pk, message=OTHER_OFFICE)
    errors = member_data_check_unique(data, existing=member)
    if errors:
        raise ValidationError(errors)
    changed: dict[str, list[str]] = {}
    for field_name in _SIMPLE_FIELDS:
        old, new = getattr(member, field_name), getattr(data, field_name)
        if old != new:
            changed[field_name] = [str(old or ""), str(new or "")]
            setattr(member, field_name, new)
    if office.pk != member.office_id:
        changed["office"] = [member.office.code, office.code]
        member.office = office
    old_gstins = [g.gstin for g in member.gstins.all()]
    if old_gstins != data.gstins:
        changed["gstins"] = [", ".join(old_gstins), ", ".join(data.gstins)]
        _write_gstins(member, data.gstins)
    old_segments = sorted(member.segments.values_list("code", flat=True))
    if old_segments != sorted(data.segment_codes):
        changed["segments"] = [", ".join(old_segments), ", ".join(sorted(data.segment_codes))]
        member.segments.set(Segment.objects.filter(code__in=data.segment_codes))
    if changed:
        member.save()
        audit_record(
            actor=by,
            verb=Verb.MEMBER_UPDATED,
            target=member,
            member=member,
            office=member.office,
            payload={"changed": changed},
        )
    return member


def _audit_in_english(**kwargs) -> None:
    """Audit rows are records, not pages: the registration's label (its status) and the method
    words in the payload stay in English whichever language the member or officer reads."""
    with translation.override("en"):
        audit_record(**kwargs)


def _english(label) -> str:
    with translation.override("en"):
        return str(label)


def _locked_registration(member: Member) -> IcegateRegistration:
    registration, _created = IcegateRegistration.objects.get_or_create(member=member)
    return IcegateRegistration.objects.select_for_update().get(pk=registration.pk)


@transaction.atomic
def icegate_registration_claim(
    *, by, member: Member, icegate_id: str, method: str, email: str, version: int | None = None
) -> IcegateRegistration:
    """The member tells the council its ICEGATE ID; the office then verifies it."""
    scope = scope_for(by)
    if scope.member_id is not None and scope.member_id != member.pk:
        raise PermissionDenied("You can only update your own firm's registration")
    if scope.member_id is None:
        scopes.require_own_office(by, office_id=member.office_id, message=OTHER_OFFICE)
    errors: dict[str, list[str]] = {}
    try:
        icegate_id = identifiers.normalise_icegate_id(icegate_id)
    except ValidationError as exc:
        errors["icegate_id"] = [exc.message]
    if method not in RegistrationMethod.values:
        errors["method"] = [_("Choose how the firm registered on ICEGATE")]
    if not email:
        errors["email"] = [
            _("Enter the e-mail ICEGATE has for the firm (the one it sends IRNs to)")
        ]
    if errors:
        raise ValidationError(errors)
    registration = _locked_registration(member)
    if version is not None and registration.version != version:
        raise ValidationError(
            _("Someone else changed this registration meanwhile: reload the page"), code="conflict"
        )
    if Office.objects.filter(icegate_id=icegate_id).exists():
        raise ValidationError(
            {
                "icegate_id": [
                    _(
                        "%(icegate_id)s is a council office's uploader ID: give your firm's own ICEGATE ID"
                    )
                    % {"icegate_id": icegate_id}
                ]
            }
        )
    taken = IcegateRegistration.objects.filter(icegate_id=icegate_id).exclude(pk=registration.pk)
    if taken.exists():
        raise ValidationError(
            {
                "icegate_id": [
                    _("ICEGATE ID %(icegate_id)s is already recorded for another member")
                    % {"icegate_id": icegate_id}
                ]
            }
        )
    registration.icegate_id = icegate_id
    registration.method = method
    registration.email = email.strip().lower()
    registration.status = RegistrationStatus.CLAIMED
    registration.claimed_by = by
    registration.claimed_at = timezone.now()
    registration.verified_by = None
    registration.verified_at = None
    registration.verification_method = ""
    registration.version += 1
    registration.full_clean()
    registration.save()
    _audit_in_english(
        actor=by,
        verb=Verb.ICEGATE_CLAIMED,
        target=registration,
        member=member,
        office=member.office,
        payload={
            "icegate_id": icegate_id,
            "method": method,
            "method_label": _english(RegistrationMethod(method).label),
            "email": registration.email,
        },
    )
    return registration


@transaction.atomic
def icegate_registration_verify(
    *, by, member: Member, how: str, note: str = ""
) -> IcegateRegistration:
    """Office staff confirm the claimed ICEGATE ID; from now on electronic ICs can reach the firm."""
    scopes.require_own_office(by, office_id=member.office_id, message=OTHER_OFFICE)
    registration = _locked_registration(member)
    if registration.status != RegistrationStatus.CLAIMED:
        raise ValidationError(
            {
                "status": [
                    _("Only a claimed ICEGATE ID can be verified (now: %(status)s)")
                    % {"status": registration.get_status_display()}
                ]
            }
        )
    if how not in VerificationMethod.values:
        raise ValidationError({"how": [_("Choose how you checked the ICEGATE ID")]})
    if how == VerificationMethod.OTHER and not note.strip():
        raise ValidationError({"note": [_("Say how you checked the ICEGATE ID")]})
    registration.status = RegistrationStatus.VERIFIED
    registration.verified_by = by
    registration.verified_at = timezone.now()
    registration.verification_method = how
    registration.note = note.strip()
    registration.version += 1
    registration.save()
    _audit_in_english(
        actor=by,
        verb=Verb.ICEGATE_VERIFIED,
        target=registration,
        member=member,
        office=member.office,
        payload={
            "icegate_id": registration.icegate_id,
            "how": _english(VerificationMethod(how).label)
            + (f" ({note.strip()})" if note.strip() else ""),
        },
    )
    return registration


@transaction.atomic
def icegate_registration_reject(*, by, member: Member, reason: str) -> IcegateRegistration:
    """The claimed ID could not be confirmed: back to 'not registered', with the reason."""
    scopes.require_own_office(by, office_id=member.office_id, message=OTHER_OFFICE)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the ICEGATE ID could not be confirmed")]})
    registration = _locked_registration(member)
    if registration.status == RegistrationStatus.NOT_REGISTERED:
        raise ValidationError({"status": [_("There is no ICEGATE ID to reject")]})
    old_id = registration.icegate_id
    registration.status = RegistrationStatus.NOT_REGISTERED
    registration.icegate_id = None
    registration.verified_by = None
    registration.verified_at = None
    registration.verification_method = ""
    registration.note = reason.strip()
    registration.version += 1
    registration.save()
    _audit_in_english(
        actor=by,
        verb=Verb.ICEGATE_REJECTED,
        target=registration,
        member=member,
        office=member.office,
        payload={"icegate_id": old_id, "reason": reason.strip()},
    )
    return registration


def member_import_check(*, by, filename: str, content: bytes):
    """Read and check a whole file. Clean → a preview row to confirm; otherwise every row's errors."""
    from .imports import check_rows, read_table
    from .models import MemberImport

    require_head_office(by)
    header, data, cell_errors = read_table(filename, content)
    members, errors = check_rows(header, data, cell_errors)
    if errors:
        return None, errors
    preview = MemberImport.objects.create(
        uploaded_by=by,
        filename=filename[:200],
        rows=[m.as_json() for m in members],
        row_count=len(members),
    )
    return preview, []


@transaction.atomic
def member_import_confirm(*, by, member_import) -> int:
    """Import every checked row in one transaction, re-checking uniqueness under the lock."""
    from .imports import RowError
    from .models import MemberImport

    require_head_office(by)
    preview = MemberImport.objects.select_for_update().get(pk=member_import.pk)
    if preview.status != MemberImport.Status.PREVIEW:
        raise ValidationError(_("This import was already confirmed or discarded"))
    rows = [MemberData.from_json(r) for r in preview.rows]
    # Two queries for the whole file, not two per row: 10,000 rows must not hold the lock for long.
    taken_iecs = set(
        Member.objects.filter(iec__in=[d.iec for d in rows]).values_list("iec", flat=True)
    )
    taken_gstins = set(
        MemberGstin.objects.filter(gstin__in=[g for d in rows for g in d.gstins]).values_list(
            "gstin", flat=True
        )
    )
    clashes = []
    for index, data in enumerate(rows, start=2):
        if data.iec in taken_iecs:
            clashes.append(
                RowError(
                    index,
                    "iec",
                    "",
                    _("A member with IEC %(iec)s already exists") % {"iec": data.iec},
                )
            )
        clashes.extend(
            RowError(
                index,
                "gstins",
                "",
                _("GSTIN %(gstin)s already belongs to another member") % {"gstin": g},
            )
            for g in data.gstins
            if g in taken_gstins
        )
    if clashes:
        raise ValidationError(
            [
                _("Row %(row)s: %(problem)s") % {"row": c.row, "problem": c.message}
                for c in clashes[:50]
            ]
            + [_("Someone added these members meanwhile: upload the file again.")]
        )
    offices = {o.code: o for o in Office.objects.all()}
    segments = {s.code: s for s in Segment.objects.all()}
    members = Member.objects.bulk_create(
        Member(office=offices[d.office_code], **{f: getattr(d, f) for f in _SIMPLE_FIELDS})
        for d in rows
    )
    MemberGstin.objects.bulk_create(
        MemberGstin(member=m, gstin=g, state_code=g[:2], is_primary=i == 0)
        for m, d in zip(members, rows, strict=True)
        for i, g in enumerate(d.gstins)
    )
    through = Member.segments.through
    through.objects.bulk_create(
        through(member_id=m.pk, segment_id=segments[c].pk)
        for m, d in zip(members, rows, strict=True)
        for c in d.segment_codes
    )
    IcegateRegistration.objects.bulk_create(IcegateRegistration(member=m) for m in members)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=by,
            actor_label=by.email,
            verb=Verb.MEMBER_CREATED,
            target_type="members.member",
            target_id=str(m.pk),
            target_label=str(m)[:200],
            member=m,
            office=m.office,
            payload={"iec": m.iec, "import": preview.filename},
        )
        for m in members
    )
    preview.status = MemberImport.Status.IMPORTED
    preview.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.MEMBERS_IMPORTED,
        target=preview,
        payload={"count": len(members), "filename": preview.filename},
    )
    return len(members)
