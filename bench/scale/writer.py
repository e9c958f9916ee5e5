"""Fast inserts: raw `executemany` on SQLite, `COPY … FROM STDIN` on PostgreSQL.

Rows are tuples of str / int / None in the order of the field names given; the same row works on
both databases (datetimes are written as naive UTC text, which is how Django stores them on SQLite
and what PostgreSQL reads in the UTC session Django opens).
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection, transaction

_EPOCH = datetime(1970, 1, 1)


def ts(seconds: float) -> str:
    """Epoch seconds → '2024-05-01 10:00:00.123456' (naive UTC text)."""
    return (_EPOCH + timedelta(seconds=seconds)).isoformat(" ")


def aware(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class Writer:
    """Inserts rows into model tables and keeps, per table, the rows written and the time taken."""

    def __init__(self):
        self.vendor = connection.vendor
        self.rows: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)
        self._columns: dict[tuple, str] = {}
        self.models: dict[str, type] = {}
        self.fast = False

    # -- session ---------------------------------------------------------------------------------
    def prepare_session(self) -> None:
        """Generation settings for this connection: WAL, no fsync, a big page cache (SQLite).

        Only outside a transaction (the command line); inside a test these are left alone.
        """
        if connection.in_atomic_block:
            return
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA cache_size=-1000000")  # ~1 GB
                cursor.execute("PRAGMA temp_store=MEMORY")
        self.fast = True

    def skip_fk_triggers(self) -> None:
        """PostgreSQL superusers may skip the per-row FK triggers for this transaction.

        Only for the command line: inside a test the constraints are checked at the end as usual.
        """
        if self.vendor != "postgresql" or not self.fast:
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")

    def finish_session(self) -> None:
        if self.vendor == "postgresql":
            self.reset_sequences()
            if not connection.in_atomic_block:
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
        elif self.fast:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cursor.execute("PRAGMA synchronous=NORMAL")

    def analyze(self) -> None:
        """Fresh statistics before the late UPDATEs (PostgreSQL).

        Autovacuum may not have looked at the tables just filled by COPY yet; without statistics
        the planner took them for empty and an UPDATE joining two of them ran for over 9 minutes.
        ANALYZE runs inside a transaction too (a test's), unlike VACUUM.
        """
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.models.values()))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    # -- rows ------------------------------------------------------------------------------------
    def _sql(self, model, fields: tuple[str, ...]) -> str:
        key = (model, fields)
        if key not in self._columns:
            by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
            columns = ", ".join(connection.ops.quote_name(by_attname[f]) for f in fields)
            table = connection.ops.quote_name(model._meta.db_table)
            if self.vendor == "postgresql":
                self._columns[key] = f"COPY {table} ({columns}) FROM STDIN"
            else:
                marks = ", ".join("?" for _ in fields)
                self._columns[key] = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        return self._columns[key]

    def insert(self, model, fields: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        label = model._meta.db_table
        self.models[label] = model
        sql = self._sql(model, tuple(fields))
        started = time.perf_counter()
        connection.ensure_connection()
        raw = connection.connection
        if self.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor = raw.cursor()
            try:
                cursor.executemany(sql, rows)
            finally:
                cursor.close()
        self.seconds[label] += time.perf_counter() - started
        self.rows[label] += len(rows)


class Buffer:
    """Rows per table, written together when enough have gathered (FK order = insertion order)."""

    def __init__(self, writer: Writer, limit: int = 200_000):
        self.writer, self.limit = writer, limit
        self.tables: dict[type, tuple[tuple[str, ...], list]] = {}
        self.count = 0

    def table(self, model, fields: tuple[str, ...]) -> list:
        if model not in self.tables:
            self.tables[model] = (fields, [])
        return self.tables[model][1]

    def added(self, n: int = 1) -> None:
        self.count += n
        if self.count >= self.limit:
            self.flush()

    def flush(self) -> None:
        with transaction.atomic():
            self.writer.skip_fk_triggers()
            for model, (fields, rows) in self.tables.items():
                self.writer.insert(model, fields, rows)
                rows.clear()
        self.count = 0


def next_ids(*models) -> dict:
    """The first free primary key of each model's table."""
    result = {}
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            result[model] = cursor.fetchone()[0]
    return result
