"""Refuse, before any view sees them, addresses carrying NUL, a Content-Length that is not a number
and bodies in a charset we do not read.

PostgreSQL cannot store or compare text holding NUL, so a search box or a path parameter with
`%00` would otherwise end in a 500. Request bodies are already checked by the form and serializer
fields (Django's and DRF's CharField refuse NUL) and, for JSON, by common.parsers.

A `charset=` on the Content-Type is what Django decodes the query string and the form with. Some
codecs (utf-7, unicode_escape, …) turn harmless bytes into lone surrogates (\\ud800), which no
page can render and no database can store: a 500. Browsers and API clients send UTF-8, so only
UTF-8 and its subsets are read; anything else is a 400 naming what to send.
"""

import codecs
from urllib.parse import unquote_plus

from django.http import HttpResponseBadRequest, JsonResponse

# Codecs that never decode to a surrogate (codecs.lookup(...).name).
READABLE_CHARSETS = frozenset({"utf-8", "ascii", "iso8859-1"})


def _charset_refused(request) -> bool:
    charset = getattr(request, "content_params", {}).get("charset")
    if charset is None:
        return False
    try:
        return codecs.lookup(charset).name not in READABLE_CHARSETS
    except LookupError:
        return False  # Django ignores a charset it does not know, and reads UTF-8


def _bad_request(request, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "invalid", "message": message}}, status=400)
    return HttpResponseBadRequest(message)


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote_plus(request.META.get("QUERY_STRING", ""), errors="replace")
        if "\x00" in request.path or "\x00" in query:
            return _bad_request(request, "The address contains a NUL character (%00): remove it.")
        length = request.META.get("CONTENT_LENGTH") or ""
        if length and not (length.isascii() and length.isdigit()):
            # Views compare it with their size limits (documents.check): int() would be a 500.
            return _bad_request(request, "The Content-Length header is not a number of bytes.")
        if _charset_refused(request):
            return _bad_request(request, "Send the request in UTF-8 (charset=utf-8).")
        return self.get_response(request)
