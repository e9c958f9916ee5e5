from django.urls import path

from . import api

urlpatterns = [
    path("scheme/", api.SchemeCurrent.as_view(), name="scheme"),
    path("scheme/versions/", api.SchemeVersionListCreate.as_view(), name="scheme-versions"),
    path("eligible-items/", api.EligibleItemListCreate.as_view(), name="eligible-item-list"),
    path("eligible-items/<int:pk>/", api.EligibleItemDetail.as_view(), name="eligible-item"),
    path("epcs/", api.EpcListCreate.as_view(), name="epc-list"),
    path("epcs/<int:pk>/", api.EpcDetail.as_view(), name="epc-detail"),
    path("epcs/<int:pk>/approve/", api.EpcApprove.as_view(), name="epc-approve"),
    path("epcs/<int:pk>/return/", api.EpcReturn.as_view(), name="epc-return"),
    path("entitlements/", api.EntitlementList.as_view(), name="entitlement-list"),
    path("entitlements/<int:pk>/ledger/", api.LedgerList.as_view(), name="entitlement-ledger"),
]
