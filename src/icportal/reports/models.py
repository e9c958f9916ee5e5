"""The dashboard's daily roll-ups: per IST day and office, the counts its sections add up.

A range's figures are then the sum of at most 366 days' rows instead of a scan of every IC in it
(see dashboard_rollup.py). The waiting times keep their count per bin of hours (BIN_EDGES) in
DailyFigures and the hours themselves, sorted, in DailyHours: the median of any range is found
exactly by reading only the bin it falls in.
"""

from __future__ import annotations

from django.db import models


class RollupDay(models.Model):
    """A day whose rows are built: days without one are computed from the facts when read.

    `open`: something of that day can still change its figures (an application waiting, an IC
    without IRN, an upload not final, a complaint not resolved): the worker rebuilds such days.
    """

    day = models.DateField(primary_key=True)
    built_at = models.DateTimeField()
    open = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["built_at"], condition=models.Q(open=True), name="rollupday_open_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} ({'open' if self.open else 'settled'})"


class DailyFigures(models.Model):
    """One office's figures of one IST day (only where it had any)."""

    day = models.DateField()
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    ics = models.PositiveIntegerField(default=0)  # ICs issued that day
    issue = models.JSONField(default=dict)  # applications submitted that day: {"n": per bin, "w"}
    irn = models.JSONField(default=dict)  # electronic ICs issued that day: {"n": per bin, "w"}
    uploads = models.JSONField(default=dict)  # uploads queued that day: {"status_…", "code_…"}
    complaints = models.JSONField(default=dict)  # filed that day: {"total", "finding_…", …}

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "office"], name="dailyfigures_day_office_uniq")
        ]
        indexes = [models.Index(fields=["office", "day"], name="dailyfigures_office_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} office {self.office_id}"


class DailyHours(models.Model):
    """The hours of one bin of one kind of waiting time ("issue", "irn"), one day and office."""

    day = models.DateField()
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8)
    bin = models.PositiveSmallIntegerField()
    hours = models.JSONField(default=list)  # sorted

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "bin", "day", "office"], name="dailyhours_kind_bin_day_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} office {self.office_id} {self.kind} bin {self.bin}"
