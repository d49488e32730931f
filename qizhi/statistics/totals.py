"""The upkeep of ``StatTotal``, the summary a roll-up reads: set-based SQL, the same on SQLite and PostgreSQL.

A row holds, for one unit, indicator and month, the sum (and the count) of the *approved* values of the
units below it. Approving a report adds its values to the rows of its unit's ancestors, reopening takes
them away: one upsert each (plus one delete of emptied rows), in the workflow's transaction, whatever the
number of values or ancestors. ``rebuild`` recounts the whole table from ``StatValue``.

The SQL is written by hand because the ORM has no upsert that *adds* to the existing row
(``bulk_create(update_conflicts=True)`` can only overwrite it).
"""

from __future__ import annotations

from django.db import connection

STEP = 4  # treebeard's default step length: a unit's path is its ancestors' paths plus 4 characters

TOTAL = "statistics_stattotal"
VALUE = "statistics_statvalue"
UNIT = "org_unit"


def apply_report(report, *, sign: int) -> None:
    """Add (``sign=1``) or take away (``sign=-1``) the values of ``report`` in its unit's ancestors' rows.

    Rows are written in key order, so two approvals under the same county lock their shared rows in the same
    order and cannot deadlock. Reads ``report.unit.path``: select_related it or pay one query.
    """
    paths = report.unit.ancestor_paths()[:-1]  # every unit above the report's, read off its path
    if not paths:
        return
    marks = ", ".join(["%s"] * len(paths))
    with connection.cursor() as cursor:
        # WHERE before ON CONFLICT: SQLite would otherwise read ON as a join condition.
        cursor.execute(
            f"INSERT INTO {TOTAL} (unit_id, month, indicator_id, value, count) "
            f"SELECT a.id, v.month, v.indicator_id, %s * v.value, %s FROM {VALUE} v, {UNIT} a "
            f"WHERE v.report_id = %s AND a.path IN ({marks}) ORDER BY a.id, v.indicator_id "
            f"ON CONFLICT (unit_id, month, indicator_id) DO UPDATE "
            f"SET value = {TOTAL}.value + excluded.value, count = {TOTAL}.count + excluded.count",
            [sign, sign, report.pk, *paths],
        )
        if sign < 0:
            cursor.execute(
                f"DELETE FROM {TOTAL} WHERE count = 0 AND month = %s "
                f"AND unit_id IN (SELECT id FROM {UNIT} WHERE path IN ({marks}))",
                [report.month, *paths],
            )


# Every (unit, ancestor) pair, found through the path index: the ancestor at depth d has the unit's path
# cut to d steps.
PAIRS = (
    f"SELECT u.id AS unit_id, a.id AS ancestor_id FROM {UNIT} u "
    f"JOIN (SELECT DISTINCT depth FROM {UNIT}) levels ON levels.depth < u.depth "
    f"JOIN {UNIT} a ON a.path = substr(u.path, 1, levels.depth * {STEP})"
)


def rebuild() -> int:
    """Recount every row from the approved values (one grouped insert); returns the number of rows.

    Call it inside a transaction. On PostgreSQL the table is locked against writers first, so an approval that
    runs meanwhile waits and then adds its delta to the recounted rows instead of racing the recount; readers
    keep reading the old rows until the commit. (DELETE, not TRUNCATE: TRUNCATE needs readers out too, and
    fails after writes in the same transaction that still have foreign-key checks pending.)
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {TOTAL} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {TOTAL}")
        cursor.execute(
            f"INSERT INTO {TOTAL} (unit_id, month, indicator_id, value, count) "
            f"SELECT pairs.ancestor_id, v.month, v.indicator_id, SUM(v.value), COUNT(*) "
            f"FROM {VALUE} v JOIN ({PAIRS}) pairs ON pairs.unit_id = v.unit_id "
            f"WHERE v.approved GROUP BY pairs.ancestor_id, v.month, v.indicator_id "
            # In key order: a unit's months lie together on disk, as the roll-ups read them.
            f"ORDER BY pairs.ancestor_id, v.month, v.indicator_id"
        )
        return cursor.rowcount
