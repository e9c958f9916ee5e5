"""Background: documents pulls issued ICs that have no signed document yet, and signs them.

`documents.produce` runs when woken (an IC issued, a retry asked for: `wake("documents.produce")`)
and every few seconds: it looks at ICs issued within `RECENT` (an index range), gives each one
without a document a waiting row, then claims waiting documents in batches and renders, signs and
stores them. `documents.sweep` looks at every IC: when the worker starts and hourly, for an IC a
wake and the recent window both missed (a worker down for longer than the window).
"""

from django.utils import timezone

from icportal.common.worker import batch_size, task, wake

from . import archive, services


@task(services.PRODUCE_TASK, every=10, inline=True)
def produce(owner: str) -> int:
    services.documents_intake(since=timezone.now() - services.RECENT)
    return services.documents_produce_due(limit=batch_size(services.BATCH))


@task("documents.sweep", every=3600)
def sweep(owner: str) -> int:
    if services.documents_intake():
        wake(services.PRODUCE_TASK)
    return 0  # one pass takes every IC there is: nothing to run again for


@task(archive.ARCHIVE_TASK, every=3600)
def archive_timestamps(owner: str) -> int:
    """B-LTA: each hour, give newly signed documents their version 1, and add an archive
    timestamp to those whose last timestamp's certificate expires within the margin."""
    taken = archive.archive_intake(limit=batch_size(500))
    return taken + archive.archive_due(limit=batch_size(20))  # > 0: a backlog, run again
