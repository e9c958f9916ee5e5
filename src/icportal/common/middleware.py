"""Refuse addresses carrying a NUL character before any view sees them.

PostgreSQL cannot store or compare text holding NUL, so a search box or a path parameter with
`%00` would otherwise end in a 500. Request bodies are already checked by the form and serializer
fields (Django's and DRF's CharField refuse NUL).
"""

from urllib.parse import unquote_plus

from django.http import HttpResponseBadRequest, JsonResponse


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote_plus(request.META.get("QUERY_STRING", ""), errors="replace")
        if "\x00" in request.path or "\x00" in query:
            message = "The address contains a NUL character (%00): remove it."
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "invalid", "message": message}}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
