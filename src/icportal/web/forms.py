"""Helpers so services' ValidationErrors land beside the right form field."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def apply_errors(form, exc: ValidationError, field_map: dict[str, str] | None = None) -> None:
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            name = field_map.get(key, key)
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def submit_form(request, form, action, *, success: str, failure: str = "", refused=()) -> bool:
    """A POSTed form for one service call: `action(cleaned_data)`. True when the page should
    redirect (done, with `success` shown; or one of `refused` raised, shown as "<failure>: why");
    False when the form goes back with a message beside each field and in the summary (nothing
    saved)."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    except refused as exc:
        messages.error(request, _("%(failure)s: %(why)s") % {"failure": failure, "why": exc})
        return True
    messages.success(request, success)
    return True
