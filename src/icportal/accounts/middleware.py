"""A signed-in user's chosen language wins over the browser's (issue 18).

`LocaleMiddleware` has already picked the switcher's cookie or `Accept-Language`; once
authentication has run, a user with a language saved on the account reads the pages in it. The
API is left alone: its human text follows the client's `Accept-Language`.
"""

from __future__ import annotations

from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        if language and user.is_authenticated and not request.path.startswith("/api/"):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
