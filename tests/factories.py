"""Shared factories for the core records (per-app factories build on these)."""

import factory

from icportal.accounts.models import Role, User
from icportal.common.identifiers import gstin_for
from icportal.members.models import IcegateRegistration, Member, MemberGstin, Segment
from icportal.offices.models import Office

_PAN_TYPES = "CFP"


def make_pan(n: int) -> str:
    """A valid-format PAN unique per n: AAA<type>X<4 digits>Z."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return f"A{letters[(n // 26) % 26]}{letters[n % 26]}{_PAN_TYPES[n % 3]}K{(n % 9999) + 1:04d}{letters[(n * 7) % 26]}"


def office(code="CHN") -> Office:
    return Office.objects.get(code=code)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    legal_name = factory.Sequence(lambda n: f"Test Leather Exports {n} Pvt Ltd")
    iec = factory.Sequence(lambda n: make_pan(n + 100))
    pan = factory.LazyAttribute(lambda o: o.iec)
    gstn_email = factory.Sequence(lambda n: f"gst{n}@firm.example")
    gstn_mobile = "+919840012345"
    # A registered address on file: physical copies and paper ICs go there by default.
    address = "12 SIDCO Industrial Estate, Ambattur"
    city = "Chennai"
    state = "Tamil Nadu"
    pincode = "600098"
    office = factory.LazyFunction(lambda: office("CHN"))

    @factory.post_generation
    def with_defaults(obj, create, extracted, **kwargs):
        if not create:
            return
        MemberGstin.objects.create(
            member=obj, gstin=gstin_for(obj.pan), state_code="33", is_primary=True
        )
        obj.segments.set([Segment.objects.get(code="FW")])
        IcegateRegistration.objects.get_or_create(member=obj)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.in")
    full_name = factory.Sequence(lambda n: f"User {n}")
    role = Role.MEMBER
    password = factory.PostGenerationMethodCall("set_password", "Correct-Horse-9")

    @factory.post_generation
    def persist(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member_user(member=None, **kwargs) -> User:
    return UserFactory(role=Role.MEMBER, member=member or MemberFactory(), **kwargs)


def staff_user(office_code="CHN", **kwargs) -> User:
    return UserFactory(role=Role.STAFF, office=office(office_code), **kwargs)


def head_office_user(**kwargs) -> User:
    return UserFactory(role=Role.HEAD_OFFICE, office=office("CHN"), **kwargs)


def backdate_issue(certificate, issued_at):
    """Move an IC's issue to `issued_at`, with the BoE due day the issue service would have set."""
    from icportal.certificates.models import ImportCertificate
    from icportal.certificates.services.reconciliation import boe_due_on

    certificate = ImportCertificate.objects.select_related("application").get(pk=certificate.pk)
    due = boe_due_on(boe_date=certificate.application.boe_date, issued_at=issued_at)
    ImportCertificate.objects.filter(pk=certificate.pk).update(issued_at=issued_at, boe_due_on=due)
    certificate.issued_at, certificate.boe_due_on = issued_at, due
    return certificate
