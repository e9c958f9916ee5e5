"""Worker tasks: customs pulls cancelled and replaced ICs (never called by certificates).

- `customs.find` (every minute): cancelled/replaced ICs with an accepted upload and no notice get
  one (waiting, or "by hand" when no customs house for the port is on file).
- `customs.send` (woken by `find`, and at every idle tick for retries and replacement waits):
  sign the letter and queue the mail.
"""

from __future__ import annotations

from icportal.common.worker import batch_size, task

from . import services


@task("customs.find", every=60)
def find(owner: str) -> int:
    services.notices_find()
    return 0  # one pass takes every candidate there is


@task(services.SEND_TASK, every=30, inline=True)
def send(owner: str) -> int:
    return services.notices_send_due(owner=owner, limit=batch_size(10))
