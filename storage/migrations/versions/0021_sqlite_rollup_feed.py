"""SQLite: the activity counts of a group commit's new updates written by one statement

On SQLite, storage.rollup.add_new upserted rollup_ward, rollup_day and rollup_month as
three executemany statements a batch, each four hops to aiosqlite's thread and back;
rollup_month's (0018) raised the CPU of a logged update by ~0.15 ms. SQLite has neither
arrays nor writable WITH clauses to fold them into one statement as PostgreSQL does, so
rows go into the view `rollup_feed` (as one JSON array, one statement) and its INSTEAD OF
trigger upserts each row into the three tables. A row is (ward, day, key) with its sums;
the trigger counts it in rollup_ward and rollup_day only under the keys those tables keep
("" and "t:"/"a:" for rollup_ward, "t:"/"a:" for rollup_day). Nothing to do on
PostgreSQL, which sends the three upserts as one statement already.

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


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(VIEW)
    op.execute(TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER rollup_feed_add")
    op.execute("DROP VIEW rollup_feed")
