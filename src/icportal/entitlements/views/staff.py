"""Placeholder: being written."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


epc_queue = _todo
epc_approve = _todo
epc_return = _todo
scheme = _todo
items = _todo
item_edit = _todo
