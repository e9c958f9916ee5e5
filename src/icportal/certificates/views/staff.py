"""Placeholder: being written."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


queue = _todo
assign = _todo
query = _todo
reject = _todo
charge = _todo
issue = _todo
urgent = _todo
urgent_approve = _todo
urgent_decline = _todo
cancel = _todo
replace = _todo
boe_list = _todo
boe_review = _todo
