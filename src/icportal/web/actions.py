"""One service call from a POST view: a refusal becomes an error message and nothing is saved."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def run_service(request, action, success, *, failure, refusals=(ValidationError,)):
    """Call `action()`; show `success(result)` or "<failure>: <why>". Returns the result or None."""
    try:
        result = action()
    except refusals as exc:
        words = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, f"{failure}: {words}")
        return None
    messages.success(request, success(result))
    return result
