"""Placeholder: being written."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


mine = _todo
epc_apply = _todo
epc_detail = _todo
ledger = _todo
