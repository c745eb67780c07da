"""SQLite: what a group commit writes after its updates, in one statement

On SQLite a group commit of logged updates was six statements after BEGIN: the updates,
their themes (returning each theme's Board aim), the audit entries, and the three
activity-count upserts (storage/rollup.py), each statement four hops to aiosqlite's
thread and back; rollup_month's upsert (0018) raised the CPU of a logged update by
~0.15 ms. SQLite has neither arrays nor writable WITH clauses to fold them into one
statement as PostgreSQL does; INSTEAD OF triggers on two views do it instead, each view
fed one JSON array (json_each) by one statement:

- `rollup_feed`: (ward, day, key) rows with their sums, each upserted into rollup_ward
  and rollup_day under the keys those keep ("" and "t:"/"a:"; "t:"/"a:") and into
  rollup_month under every key (storage.rollup.add_new, also for imports);
- `update_written`: one row per update just inserted: its themes (update_theme), its
  audit entry, and its counts, the keys worked out as storage.rollup does (each theme,
  each Board aim once, "n:" with no theme, "p:ID"), each sent to `rollup_feed`.

Nothing to do on PostgreSQL, which sends each set of rows as arrays in one statement.

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEW = """
CREATE VIEW rollup_feed AS
SELECT 0 AS ward_id, '' AS occurred_on, '' AS key, 0 AS updates, 0 AS people,
       0 AS volunteers, 0 AS with_people, 0 AS with_volunteers
 WHERE 0
"""

# The upserts of storage/rollup.py as they are now (a migration does not follow later
# changes). Each INSERT ... SELECT has a WHERE: SQLite would read ON CONFLICT after a bare
# SELECT as a join's ON clause.
TRIGGER = """
CREATE TRIGGER rollup_feed_add INSTEAD OF INSERT ON rollup_feed
BEGIN
    INSERT INTO rollup_ward (ward_id, key, updates, people, volunteers, last_on)
    SELECT NEW.ward_id, NEW.key, NEW.updates, NEW.people, NEW.volunteers, NEW.occurred_on
     WHERE NEW.key = '' OR substr(NEW.key, 1, 2) IN ('t:', 'a:')
    ON CONFLICT (ward_id, key) DO UPDATE SET
        updates = updates + excluded.updates,
        people = people + excluded.people,
        volunteers = volunteers + excluded.volunteers,
        last_on = CASE WHEN last_on IS NULL OR excluded.last_on > last_on
                       THEN excluded.last_on ELSE last_on END;
    INSERT INTO rollup_day (occurred_on, key, updates)
    SELECT NEW.occurred_on, NEW.key, NEW.updates
     WHERE substr(NEW.key, 1, 2) IN ('t:', 'a:')
    ON CONFLICT (occurred_on, key) DO UPDATE SET updates = updates + excluded.updates;
    INSERT INTO rollup_month (month, ward_id, key, updates, people, volunteers,
                              with_people, with_volunteers)
    VALUES (date(NEW.occurred_on, 'start of month'), NEW.ward_id, NEW.key, NEW.updates,
            NEW.people, NEW.volunteers, NEW.with_people, NEW.with_volunteers)
    ON CONFLICT (month, ward_id, key) DO UPDATE SET
        updates = updates + excluded.updates,
        people = people + excluded.people,
        volunteers = volunteers + excluded.volunteers,
        with_people = with_people + excluded.with_people,
        with_volunteers = with_volunteers + excluded.with_volunteers;
END
"""


WRITTEN_VIEW = """
CREATE VIEW update_written AS
SELECT 0 AS update_id, 0 AS ward_id, '' AS occurred_on, 0 AS people, 0 AS volunteers,
       0 AS priority_id, '[]' AS themes, '' AS at, '' AS actor, '{}' AS detail
 WHERE 0
"""

# `themes`: a JSON array of the update's theme keys, each once, in order (their position).
WRITTEN_TRIGGER = """
CREATE TRIGGER update_written_add INSTEAD OF INSERT ON update_written
BEGIN
    INSERT INTO update_theme (update_id, theme_key, position)
    SELECT NEW.update_id, each.value, each.key FROM json_each(NEW.themes) AS each;
    INSERT INTO audit_log (at, actor, action, target, detail)
    VALUES (NEW.at, NEW.actor, 'update.create', CAST(NEW.update_id AS TEXT), NEW.detail);
    INSERT INTO rollup_feed (ward_id, occurred_on, key, updates, people, volunteers,
                             with_people, with_volunteers)
    SELECT NEW.ward_id, NEW.occurred_on, counted.key, 1, coalesce(NEW.people, 0),
           coalesce(NEW.volunteers, 0), coalesce(NEW.people, 0) <> 0,
           coalesce(NEW.volunteers, 0) <> 0
      FROM (SELECT '' AS key
            UNION ALL
            SELECT 't:' || each.value FROM json_each(NEW.themes) AS each
            UNION ALL
            SELECT DISTINCT 'a:' || theme.board_aim_key
              FROM json_each(NEW.themes) AS each JOIN theme ON theme.key = each.value
            UNION ALL
            SELECT 'n:' WHERE json_array_length(NEW.themes) = 0
            UNION ALL
            SELECT 'p:' || NEW.priority_id WHERE NEW.priority_id IS NOT NULL) AS counted;
END
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(VIEW)
    op.execute(TRIGGER)
    op.execute(WRITTEN_VIEW)
    op.execute(WRITTEN_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER update_written_add")
    op.execute("DROP VIEW update_written")
    op.execute("DROP TRIGGER rollup_feed_add")
    op.execute("DROP VIEW rollup_feed")
