"""Background: render and sign documents still waiting (after a crash, an outage or a bad identity)."""

import time

from icportal.common.worker import task

from .services import documents_produce_pending

FULL_SWEEP_SECONDS = 3600
# Every issued IC with an id up to `below` had a document when this process last swept them all.
_swept = {"below": None, "at": float("-inf")}


@task("documents.produce")
def produce_waiting(owner: str) -> int:
    """Every pass: waiting documents, and missing ones among ICs newer than the last full sweep
    (which runs when the worker starts and then hourly): a few index lookups, not a scan."""
    from icportal.certificates.models import ImportCertificate

    now = time.monotonic()
    if _swept["below"] is None or now - _swept["at"] > FULL_SWEEP_SECONDS:
        below = ImportCertificate.objects.order_by("-pk").values_list("pk", flat=True).first()
        handled = documents_produce_pending()
        _swept.update(below=below or 0, at=now)
        return handled
    return documents_produce_pending(after_pk=_swept["below"])
