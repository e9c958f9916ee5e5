"""/entitlements/ … — EPCs, balances and ledgers, scheme parameters, eligible items."""

from django.urls import path

from .views import member, staff

app_name = "entitlements"
urlpatterns = [
    path("", member.mine, name="mine"),
    path("epc/apply/", member.epc_apply, name="epc_apply"),
    path("epc/<int:pk>/", member.epc_detail, name="epc"),
    path("ledger/<int:pk>/", member.ledger, name="ledger"),
    path("epc/", staff.epc_queue, name="epc_queue"),
    path("epc/<int:pk>/approve/", staff.epc_approve, name="epc_approve"),
    path("epc/<int:pk>/return/", staff.epc_return, name="epc_return"),
    path("epc/<int:pk>/ca-certificate/", staff.epc_ca_certificate, name="epc_ca_certificate"),
    path("scheme/", staff.scheme, name="scheme"),
    path("items/", staff.items, name="items"),
    path("items/<int:pk>/", staff.item_edit, name="item_edit"),
]
