"""Scrutiny beside the items: a document's preview, and the office's internal notes.

The preview is the download's twin (same scoping, same audit row): the file is served inline only
when its first bytes say it is a PDF, a PNG or a JPEG, with that type, so a browser shows it in the
application page's frame. Anything else (HTML, SVG, whatever an upload claimed to be) is served as
an attachment of no particular type, never rendered. This route alone may be framed by our own
pages (frame-ancestors 'self', X-Frame-Options SAMEORIGIN); every other page keeps 'none'/DENY.
"""

from __future__ import annotations

from csp.decorators import csp_replace
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from icportal.audit.services import audit_download

from .. import selectors, services
from ..models import AttachmentKind
from ..services.common import in_english
from ..services.scrutiny import NOTE_MAX_LENGTH
from .staff._common import application_for_staff, form_action

# First bytes → the only types ever served inline.
INLINE_TYPES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def inline_type(head: bytes) -> str | None:
    return next((kind for magic, kind in INLINE_TYPES if head.startswith(magic)), None)


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def attachment_preview(request, slug, pk):
    """A document of an application shown in the page (PDF or image), for whoever may download it."""
    app = selectors.application_get(user=request.user, slug=slug)
    attachment = next((a for a in app.attachments.all() if a.pk == pk), None)
    if attachment is None:
        raise Http404(gettext("No such document"))
    handle = attachment.file.open("rb")
    content_type = inline_type(handle.read(16))
    handle.seek(0)
    audit_download(
        request=request,
        target=attachment,
        what=f"the {in_english(AttachmentKind(attachment.kind).label)} of application {app.reference} (preview)",
        name=attachment.original_name,
        scope=app,
    )
    if content_type is None:
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type="application/octet-stream",
        )
    return FileResponse(
        handle, as_attachment=False, filename=attachment.original_name, content_type=content_type
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Internal note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@login_required
@require_POST
def note_add(request, slug):
    """An internal note on the application (the office's; the member never sees it)."""
    application = application_for_staff(request, slug)
    return form_action(
        request,
        application,
        NoteForm,
        lambda text: services.application_note_add(
            by=request.user, application=application, text=text
        ),
        lambda _note: _("Internal note saved. The member does not see it."),
        _("Note not saved"),
    )
