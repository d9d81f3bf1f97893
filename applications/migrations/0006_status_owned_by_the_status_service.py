"""Only the status service changes an application's status (applications/services/status.py).

PostgreSQL refuses an UPDATE that changes ``status`` unless the transaction was
marked by that service (``set_config('innocore.status_writer', ...)``) for the
statement. SQLite (the embedded demo) has no such guard: there a test reads the
source instead (tests/applications/test_status.py).
"""
from django.db import migrations

PG_GUARD = """
CREATE OR REPLACE FUNCTION applications_status_guard() RETURNS trigger AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status
       AND COALESCE(current_setting('innocore.status_writer', true), '') <> 'applications.services.status' THEN
        RAISE EXCEPTION 'the status of application % changes only through the status service', OLD.reference
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER applications_status_guard
    BEFORE UPDATE OF status ON applications_application
    FOR EACH ROW EXECUTE FUNCTION applications_status_guard();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS applications_status_guard ON applications_application;
DROP FUNCTION IF EXISTS applications_status_guard();
"""


def _create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_GUARD, params=None)


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("applications", "0005_review_and_decision_statuses")]
    operations = [migrations.RunPython(_create, _drop)]
