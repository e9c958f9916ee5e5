"""Words people type (a supplier, an item, a firm, a city), matched through an index on both databases.

The one place that knows the vendor (docs/decisions.md, "Search by words"):

- PostgreSQL: a GIN trigram index (pg_trgm, `gin_trgm_ops`) on UPPER(column) serves
  `UPPER(column) LIKE '%WORD%'` — parts of words, names of any language; a GIN index on
  to_tsvector('simple', column) serves words of one or two letters ("HR coil"), which trigrams
  cannot, as word prefixes. 'simple': no stemming or stop words, the names are Indian and English.
- SQLite: an FTS5 table `<table>_search` with the trigram tokenizer over the same columns (rowid =
  the row's id), kept in step by triggers created in the owning app's migration, so every writer —
  services, the bench generator's executemany, the admin — keeps it right. Words of one or two
  letters cannot be matched there; they narrow the rows found by the longer words (LIKE).

Every word must match (in any of the columns); the caller's queryset carries the scope and the
order, so a search never widens what a list shows.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, transaction
from django.db.models import BooleanField, Func, Q, QuerySet
from django.db.models.expressions import RawSQL

TRIGRAM = 3  # the shortest word a trigram index can find
MAX_WORDS = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of the term, longest first (the most selective drives the index), at most five."""
    found = list(dict.fromkeys(w.lower() for w in _WORD.findall(text or "")))
    return sorted(found, key=len, reverse=True)[:MAX_WORDS]


def fts_table(db_table: str) -> str:
    return f"{db_table}_search"


def matching(qs: QuerySet, *, fields: list[str], text: str) -> QuerySet:
    """`qs` narrowed to rows whose `fields` together hold every word of `text` (empty: none)."""
    found = words(text)
    if not found:
        return qs.none()
    if connection.vendor == "postgresql":
        return _postgres(qs, fields, found)
    return _sqlite(qs, fields, found)


def _postgres(qs: QuerySet, fields: list[str], found: list[str]) -> QuerySet:
    for word in found:
        wanted = Q()
        for name in fields:
            if len(word) >= TRIGRAM:
                wanted |= Q(**{f"{name}__icontains": word})  # UPPER(col) LIKE: the trigram index
            else:
                alias = f"search_{name}"
                qs = qs.alias(**{alias: SearchVector(name, config="simple")})
                query = SearchQuery(f"{word}:*", search_type="raw", config="simple")
                wanted |= Q(**{alias: query})
        qs = qs.filter(wanted)
    return qs


def _sqlite(qs: QuerySet, fields: list[str], found: list[str]) -> QuerySet:
    long_words = [w for w in found if len(w) >= TRIGRAM]
    if long_words:
        table = fts_table(qs.model._meta.db_table)
        phrases = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        match = "{" + " ".join(fields) + "} : (" + phrases + ")"  # these columns only
        # The table name is ours; the words go in as a parameter (quoted as FTS5 strings).
        sql = f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s'  # noqa: S608
        rowids = RawSQL(sql, (match,))  # noqa: S611
        qs = qs.filter(pk__in=rowids)
    for word in found:
        if len(word) < TRIGRAM:
            wanted = Q()
            for name in fields:
                wanted |= Q(**{f"{name}__icontains": word})
            qs = qs.filter(wanted)
    return qs


@contextmanager
def through_the_index():
    """Read the matches of `matching` through the word index, whatever the planner guesses.

    PostgreSQL estimates `LIKE '%abc%'` at a tenth of the table: with a LIMIT it then scans every
    row of a million-row table (4 s) for a word found nowhere. These queries have one good plan, so
    sequential scans are turned off for them (SET LOCAL: this transaction only). SQLite: as is.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def one_of(ids: list[int]) -> RawSQL:
    """`field__in=one_of(ids)` for a few thousand ids: one array parameter (PostgreSQL `unnest`,
    SQLite `json_each`) instead of a placeholder per id, which Django prepares one by one."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", ([int(i) for i in ids],))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps([int(i) for i in ids]),))


def holds_every_word(values, found: list[str]) -> bool:
    """Whether the `values` of one row (its columns) hold every word of `found` (`words(text)`),
    each in one of them, as `matching` finds it: tested here, on a few rows already read."""
    text = "\x00".join(str(value or "") for value in values).lower()  # no word spans a \x00
    return all(word in text for word in found)


# --- DDL, for the migrations of the apps that own the tables ------------------------------------


def postgres_index_sql(db_table: str, column: str, prefix: str) -> tuple[list[str], list[str]]:
    """A trigram index on UPPER(column) and a 'simple' full-text index (up, down statements).

    The expressions are those Django writes for `column__icontains` and for
    SearchVector(column, config="simple"), so the planner matches them."""
    trigram, words_index = f"{prefix}_trgm", f"{prefix}_fts"
    up = [
        f'CREATE INDEX IF NOT EXISTS {trigram} ON "{db_table}" '
        f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)',
        f'CREATE INDEX IF NOT EXISTS {words_index} ON "{db_table}" '
        f"USING gin (to_tsvector('simple'::regconfig, COALESCE(\"{column}\", '')))",
    ]
    down = [f"DROP INDEX IF EXISTS {trigram}", f"DROP INDEX IF EXISTS {words_index}"]
    return up, down


def sqlite_fts_sql(db_table: str, columns: list[str]) -> tuple[list[str], list[str]]:
    """An external-content FTS5 table (trigram tokenizer) over `columns`, its triggers, and a
    rebuild from the rows already there (up, down statements). Names are the migrations' own."""
    table = fts_table(db_table)
    cols = ", ".join(f'"{c}"' for c in columns)
    new = "new.id, " + ", ".join(f'new."{c}"' for c in columns)
    old = "'delete', old.id, " + ", ".join(f'old."{c}"' for c in columns)
    changed = " OR ".join(f'old."{c}" IS NOT new."{c}"' for c in columns)
    add = f'INSERT INTO "{table}"(rowid, {cols}) VALUES ({new});'  # noqa: S608
    remove = f'INSERT INTO "{table}"("{table}", rowid, {cols}) VALUES ({old});'  # noqa: S608
    options = f'content="{db_table}", content_rowid="id", tokenize=\'trigram\''
    up = [
        f'CREATE VIRTUAL TABLE "{table}" USING fts5({cols}, {options})',
        f'CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{db_table}" BEGIN {add} END',
        f'CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{db_table}" BEGIN {remove} END',
        f'CREATE TRIGGER "{table}_au" AFTER UPDATE ON "{db_table}" WHEN {changed} '
        f"BEGIN {remove} {add} END",
        f'INSERT INTO "{table}"("{table}") VALUES (\'rebuild\')',  # noqa: S608
    ]
    down = [f'DROP TRIGGER IF EXISTS "{table}_{s}"' for s in ("ai", "ad", "au")]
    down.append(f'DROP TABLE IF EXISTS "{table}"')
    return up, down


def run_sql(statements: dict[str, list[str]]):
    """A RunPython function running the statements of the connection's vendor."""

    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, None)

    return run


class Likely(Func):
    """A condition most rows meet (`Likely(Q(status="accepted"))`), said so to SQLite with its
    `likely()`: without statistics SQLite takes any equality for a selective one and reads 800,000
    accepted uploads through the status index rather than a few through the IRN range. A
    `likely()` term still counts for a partial index's WHERE. Elsewhere, the condition as it is."""

    function = "likely"
    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, **extra_context)
