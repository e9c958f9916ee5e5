"""Background: render and sign documents still waiting (after a crash, an outage or a bad identity)."""

from icportal.common.worker import task

from .services import documents_produce_pending


@task("documents.produce")
def produce_waiting(owner: str) -> int:
    return documents_produce_pending()
