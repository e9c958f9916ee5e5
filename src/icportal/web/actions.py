"""One service call from a POST view: a refusal becomes an error message and nothing is saved."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def run_service(request, action, success, *, failure, refusals=(ValidationError,)):
    """Call `action()`; show `success(result)` or "<failure>: <why>". Returns the result or None."""
    try:
        result = action()
    except refusals as exc:
        words = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, _("%(failure)s: %(why)s") % {"failure": failure, "why": words})
        return None
    messages.success(request, success(result))
    return result
