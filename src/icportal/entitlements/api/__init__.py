"""Entitlements API: scheme parameters, eligible items, EPCs and the ledger, scoped like the pages.

Views are thin: serializers check types (money as decimal strings, ISO dates), the services check
the rules and the selectors scope every read (member → own firm, staff → own office, head office →
everything). Request helpers (`validated`, query filters, money and id fields) are every API's, in
`icportal.common.api_fields`; the acting firm is `members.api.firm_for`.

The views live in submodules (`scheme`, `epcs`, `ledger`; the segment group field in `common`); the
names are re-exported here, so `from icportal.entitlements import api` and `api.EpcDetail` work.
"""

from __future__ import annotations

from icportal.common.api import Pagination

from .common import SegmentGroupField
from .epcs import (
    TAG_EPC,
    EpcApprove,
    EpcCreateSerializer,
    EpcDetail,
    EpcDetailSerializer,
    EpcFilter,
    EpcFobLineSerializer,
    EpcListCreate,
    EpcReturn,
    EpcReturnSerializer,
    EpcSerializer,
    FobLinesField,
)
from .ledger import (
    TAG_LEDGER,
    EntitlementAccountSerializer,
    EntitlementFilter,
    EntitlementList,
    LedgerEntrySerializer,
    LedgerList,
)
from .scheme import (
    TAG_SCHEME,
    EligibleItemDetail,
    EligibleItemFilter,
    EligibleItemListCreate,
    EligibleItemSerializer,
    EligibleItemWriteSerializer,
    SchemeCurrent,
    SchemeRateSerializer,
    SchemeVersionListCreate,
    SchemeVersionSerializer,
    SchemeVersionWriteSerializer,
)

__all__ = [
    "TAG_EPC",
    "TAG_LEDGER",
    "TAG_SCHEME",
    "EligibleItemDetail",
    "EligibleItemFilter",
    "EligibleItemListCreate",
    "EligibleItemSerializer",
    "EligibleItemWriteSerializer",
    "EntitlementAccountSerializer",
    "EntitlementFilter",
    "EntitlementList",
    "EpcApprove",
    "EpcCreateSerializer",
    "EpcDetail",
    "EpcDetailSerializer",
    "EpcFilter",
    "EpcFobLineSerializer",
    "EpcListCreate",
    "EpcReturn",
    "EpcReturnSerializer",
    "EpcSerializer",
    "FobLinesField",
    "LedgerEntrySerializer",
    "LedgerList",
    "Pagination",
    "SchemeCurrent",
    "SchemeRateSerializer",
    "SchemeVersionListCreate",
    "SchemeVersionSerializer",
    "SchemeVersionWriteSerializer",
    "SegmentGroupField",
]
