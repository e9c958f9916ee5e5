"""Permissions every API view shares (in DEFAULT_PERMISSION_CLASSES)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class BodyReadable(BasePermission):
    """Read the body of every POST/PUT/PATCH/DELETE before the view runs: a body that cannot be
    parsed is a 400 (415 for a content type we do not read) and changes nothing.

    DRF parses lazily, so an action that never touches request.data (withdraw, clone…) would
    otherwise go ahead whatever it was sent. A view that sets its own permission_classes and
    changes something lists this one too (certificates.api.common.SIGNING).
    """

    def has_permission(self, request, view) -> bool:
        if request.method not in SAFE_METHODS:
            request.data  # noqa: B018 - raises ParseError / UnsupportedMediaType
        return True
