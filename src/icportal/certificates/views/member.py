"""Placeholder: being written."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


mine = _todo
apply = _todo
application = _todo
application_edit = _todo
items_upload = _todo
attachment_add = _todo
application_check = _todo
application_reply = _todo
application_clone = _todo
application_withdraw = _todo
certificate = _todo
boe_report = _todo
