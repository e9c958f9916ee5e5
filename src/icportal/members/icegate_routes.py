"""Which ICEGATE registration a firm can use, told before it tries (circular point 1).

ICEGATE's simplified registration pairs the IEC with a GSTIN and checks that the GSTIN's PAN
(its characters 3–12) is the IEC. A legacy numeric IEC (issued before DGFT made the PAN the IEC)
never is, so ICEGATE refuses it; those firms register with a Class III digital signature instead.
The words live here once, for the member's guide page and the API, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LEGACY_IEC_WHY = gettext_lazy(
    "Your IEC {iec} is a legacy 10-digit number. ICEGATE's simplified registration works only when "
    "the IEC is the PAN inside your GSTIN ({pan_in_gstin}), so ICEGATE will refuse it for your firm. "
    "Your route is registration with a Class III digital signature certificate (DSC)."
)
DSC_STEPS = (
    gettext_lazy(
        "Have a Class III DSC for the chief executive or an authorised employee (from any licensed "
        "certifying authority), on its USB token."
    ),
    gettext_lazy(
        "On icegate.gov.in choose LOG IN/SET-UP, then Register, and the role 'IEC holder'; enter "
        "your IEC {iec}."
    ),
    gettext_lazy(
        "Let ICEGATE's signing utility read the DSC from the token, enter the e-mail and mobile of "
        "the firm, and confirm both one-time passwords."
    ),
    gettext_lazy(
        "Upload the documents ICEGATE asks for (PAN card, authorisation letter; PDFs of at most "
        "100 KB) and wait for ICEGATE's approval."
    ),
    gettext_lazy(
        "Sign in with the new ICEGATE ID, then tell us the ID here and choose 'Class III digital "
        "signature certificate' as how you registered."
    ),
)
DGFT_NOTE = gettext_lazy(
    "If DGFT has already made your firm's PAN its IEC, ask your office to update the IEC on our "
    "records first: the simplified registration then works."
)


def simplified_registration_possible(member) -> bool:
    return not member.iec_is_legacy


def registration_advice(member) -> dict | None:
    """None when the simplified registration is open to the firm; else why not, and the DSC steps."""
    if simplified_registration_possible(member):
        return None
    gstin = member.primary_gstin
    pan_in_gstin = gstin[2:12] if gstin else _("characters 3 to 12 of the GSTIN")
    facts = {"iec": member.iec, "pan_in_gstin": pan_in_gstin}
    return {
        "route": "dsc",
        "why": str(LEGACY_IEC_WHY).format(**facts),
        "steps": [str(step).format(**facts) for step in DSC_STEPS],
        "note": str(DGFT_NOTE),
    }
