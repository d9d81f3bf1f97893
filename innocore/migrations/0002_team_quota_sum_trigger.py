"""The team quotas of a call never sum past the call's quota, enforced in the database.

The rule spans rows, so no CHECK constraint can express it. After each row
written, a trigger locks the call row and re-sums its team quotas: on
PostgreSQL two transactions giving slots at once are thereby serialised and
the second sees the first's rows (READ COMMITTED takes a fresh snapshot per
statement).

PostgreSQL only: SQLite (the embedded demo database) rebuilds a table on most
schema changes, which breaks triggers that name it; there the services, the
admin formset and `clean()` keep the rule.
"""
from django.db import migrations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION innocore_team_quota_sum_check() RETURNS trigger AS $$
DECLARE
    target_call bigint;
    call_quota integer;
    allocated bigint;
BEGIN
    IF TG_TABLE_NAME = 'innocore_call' THEN
        target_call := NEW.id;
    ELSE
        target_call := NEW.call_id;
    END IF;
    SELECT total_quota INTO call_quota FROM innocore_call WHERE id = target_call FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(SUM(quota), 0) INTO allocated FROM innocore_callteamquota WHERE call_id = target_call;
    IF allocated > call_quota THEN
        RAISE EXCEPTION 'team quotas of call % sum to %, more than its quota of %', target_call, allocated, call_quota
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
PG_TRIGGERS = """
CREATE TRIGGER innocore_team_quota_sum_on_quota
    AFTER INSERT OR UPDATE ON innocore_callteamquota
    FOR EACH ROW EXECUTE FUNCTION innocore_team_quota_sum_check();
CREATE TRIGGER innocore_team_quota_sum_on_call
    AFTER UPDATE OF total_quota ON innocore_call
    FOR EACH ROW EXECUTE FUNCTION innocore_team_quota_sum_check();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS innocore_team_quota_sum_on_quota ON innocore_callteamquota;
DROP TRIGGER IF EXISTS innocore_team_quota_sum_on_call ON innocore_call;
DROP FUNCTION IF EXISTS innocore_team_quota_sum_check();
"""

def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        schema_editor.execute(PG_TRIGGERS, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("innocore", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
