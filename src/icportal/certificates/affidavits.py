"""Items the scheme marks "affidavit required" (Annexure III), and the affidavits attached for them.

An affidavit is an attachment tied to the catalogue item it is for; one covers every line of that
item in the application. Read by submission (which refuses without one), by the member's pages
(the error beside the item) and by the office's (the affidavit beside the item)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Application, Attachment, AttachmentKind, Item


def affidavits_by_item(application: Application) -> dict[int, Attachment]:
    """The latest affidavit attached for each catalogue item, by the item's id."""
    found: dict[int, Attachment] = {}
    for attachment in application.attachments.all():
        if attachment.kind == AttachmentKind.AFFIDAVIT and attachment.eligible_item_id:
            found[attachment.eligible_item_id] = attachment
    return found


def items_with_affidavits(application: Application) -> list[Item]:
    """The application's lines, each with `.affidavit` (the attachment, or None) and
    `.affidavit_missing` (the item needs one and none is attached)."""
    affidavits = affidavits_by_item(application)
    items = list(application.items.select_related("eligible_item"))
    for item in items:
        item.affidavit = affidavits.get(item.eligible_item_id)
        item.affidavit_missing = item.eligible_item.needs_affidavit and item.affidavit is None
    return items


def items_needing_affidavit(application: Application) -> list[tuple[int, str]]:
    """(catalogue item id, name) of every item of the application that needs an affidavit."""
    seen: dict[int, str] = {}
    for item in application.items.select_related("eligible_item"):
        if item.eligible_item.needs_affidavit:
            seen.setdefault(item.eligible_item_id, item.eligible_item.name)
    return list(seen.items())


def affidavit_problems(application: Application) -> list[str]:
    """One sentence per line whose item needs an affidavit that is not attached."""
    return [
        _("Item %(line)s (%(item)s): attach the affidavit (Annexure III) that this item needs")
        % {"line": item.line_no, "item": item.eligible_item.name}
        for item in items_with_affidavits(application)
        if item.affidavit_missing
    ]
