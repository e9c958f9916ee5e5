"""Which side can fix a complaint (circular §6): the ICEGATE helpdesk or the port's customs house.

The diagnosis decides: when everything quoted matches our records and ICEGATE's own Bill of Entry
check accepts the document, the fault is in the customs house's handling (its system, or the
officer's use of it), so the escalation goes to the customs house of the port from the directory.
Anything ICEGATE rejects, cannot find or could not be asked about goes to the ICEGATE helpdesk, as
before. The office sees the choice with its reason and may choose the other side.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icportal.customs.models import CustomsHouse
from icportal.customs.services import house_for, why_by_hand

from . import diagnosis as diag
from .models import EscalationSide

CUSTOMS_SIDE_CODES = {diag.ALL_MATCH}


@dataclass(frozen=True)
class Route:
    side: str  # EscalationSide
    why: str  # lazy: read in the page's language; the complaint keeps it in English
    to: str  # the address, empty when there is none on file
    customs_house: CustomsHouse | None = None

    @property
    def label(self) -> str:
        if self.side == EscalationSide.CUSTOMS:
            house = self.customs_house
            return f"{house.name} ({house.port_code})" if house else gettext("the customs house")
        return gettext("the ICEGATE helpdesk")

    @property
    def blocked(self) -> str:
        """Why it cannot be sent this way (empty: it can)."""
        if self.side == EscalationSide.CUSTOMS and not self.to:
            return self.why
        return ""


def suggested_side(complaint) -> tuple[str, str]:
    codes = {f["code"] for f in complaint.findings}
    if codes & CUSTOMS_SIDE_CODES:
        return (
            EscalationSide.CUSTOMS,
            _(
                "Everything quoted matches our records and ICEGATE's Bill of Entry check accepts "
                "the document: the problem is on the customs side."
            ),
        )
    if complaint.icegate_check == "rejected":
        why = _("ICEGATE's Bill of Entry check rejects the document: ICEGATE can say why.")
    elif complaint.icegate_check == "unavailable":
        why = _("ICEGATE could not be asked: its helpdesk can check the document.")
    else:
        why = _(
            "The findings concern the document on e-SANCHIT: the ICEGATE helpdesk handles those."
        )
    return EscalationSide.ICEGATE, why


def route(complaint, side: str | None = None) -> Route:
    """The route for `side`, or the suggested one; `why` says why this side."""
    suggested, reason = suggested_side(complaint)
    side = side or suggested
    if side not in EscalationSide.values:
        raise ValueError(f"Unknown side {side!r}")
    if side != suggested:
        reason = format_lazy(
            _("Chosen by the office instead of the suggestion ({reason})"), reason=reason
        )
    if side == EscalationSide.ICEGATE:
        return Route(side=side, why=reason, to=settings.ICEGATE_HELPDESK_EMAIL)
    house = house_for(complaint.port_code)
    missing = why_by_hand(house, complaint.port_code)
    if missing:
        return Route(
            side=side,
            why=format_lazy(
                _(
                    "Cannot mail the customs house: {missing}. Head office completes it under "
                    "Customs houses, or escalate to the ICEGATE helpdesk."
                ),
                missing=missing,
            ),
            to="",
            customs_house=house,
        )
    return Route(side=side, why=reason, to=house.officer_email, customs_house=house)


def other_side(side: str) -> str:
    return EscalationSide.CUSTOMS if side == EscalationSide.ICEGATE else EscalationSide.ICEGATE
