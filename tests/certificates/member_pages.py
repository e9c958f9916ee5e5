"""Helpers for the member IC page tests: URLs, drafts built through the services, edit-form bodies."""

from django.urls import reverse

from icportal.certificates import services
from tests.certificates import factories as f


def url(name, app=None, **kwargs):
    if app is not None:
        kwargs["slug"] = app.slug
    return reverse(f"certificates:{name}", kwargs=kwargs or None)


def draft(user, epc, values=("1000.00",), **header):
    app = services.application_create(by=user, member=user.member, epc=epc)
    return services.application_save(
        by=user, application=app, header=f.header(**header), items=[f.item_row(v) for v in values]
    )


def with_documents(user, app):
    services.attachment_add(by=user, application=app, kind="invoice", upload=f.pdf("inv.pdf"))
    services.attachment_add(by=user, application=app, kind="draft_boe", upload=f.pdf("boe.pdf"))
    app.refresh_from_db()
    return app


def edit_post(app, rows, *, version=None, action="save", **header):
    """The edit page's POST body: header fields, version, the formset's management form, lines."""
    values = {**f.header(**header), "epc": str(app.epc_id or ""), "action": action}
    values["invoice_date"] = str(values["invoice_date"] or "")
    values["version"] = str(app.version if version is None else version)
    values.update({"items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": "0"})
    for n, row in enumerate(rows):
        for key, value in row.items():
            values[f"items-{n}-{key}"] = str(value)
    return values
