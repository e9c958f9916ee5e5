"""The one entitlements-specific API field shared by the scheme and EPC views. Domain-free helpers
(`validated`, query filters, money and id fields) are in `icportal.common.api_fields`."""

from __future__ import annotations

from rest_framework import serializers

from ..models import SegmentGroup


class SegmentGroupField(serializers.SlugRelatedField):
    """A segment group by code (GARMENTS, OTHERS); junk is refused before it reaches the database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "GARMENTS or OTHERS")
        super().__init__(slug_field="code", queryset=SegmentGroup.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 10 or not data.isalnum():
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:20])
        return super().to_internal_value(data.upper())
