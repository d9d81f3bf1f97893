"""A conflicted (application, reviewer) pair is never assigned, enforced in the database.

Before a row of selection_assignment is inserted (or its pair changed), a trigger
looks for a selection_conflict row with the same application and reviewer and
refuses the write with SQLSTATE 23514 (check_violation), which Django raises as
IntegrityError. The services check the same rule first under a lock on the
reviewer's profile row (see selection/services/assignment_edit.py) and give a
clear message; the trigger is the backstop for everything else (bulk inserts of
the solver, the admin, a shell).

PostgreSQL only, like innocore/0002: SQLite rebuilds tables on most schema
changes, which breaks triggers that name them; there the services keep the rule.
"""
from django.db import migrations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION selection_assignment_conflict_check() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM selection_conflict
        WHERE application_id = NEW.application_id AND reviewer_id = NEW.reviewer_id
    ) THEN
        RAISE EXCEPTION 'application % and reviewer % have a conflict of interest: they cannot be assigned',
            NEW.application_id, NEW.reviewer_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
PG_TRIGGER = """
CREATE TRIGGER selection_assignment_no_conflict
    BEFORE INSERT OR UPDATE OF application_id, reviewer_id ON selection_assignment
    FOR EACH ROW EXECUTE FUNCTION selection_assignment_conflict_check();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS selection_assignment_no_conflict ON selection_assignment;
DROP FUNCTION IF EXISTS selection_assignment_conflict_check();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        schema_editor.execute(PG_TRIGGER, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("selection", "0001_initial")]
    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
