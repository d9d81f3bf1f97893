"""Seats never pass a team's quota or the call's total, enforced in the database.

A seat is an offer that is pending, open or accepted. After each offer written into
such a status, and after a team's quota or the call's total is lowered, a trigger locks
the call row (as the team-quota trigger of innocore 0002 does, so both serialise on the
same row) and counts the seats again: a team over its quota or a call over its total
raises ``check_violation``, the transaction rolls back and nothing is saved. Two staff
members publishing, or a decline chain racing a publication, are thereby serialised:
the second sees the first's rows (READ COMMITTED takes a fresh snapshot per statement).

The service (``selection.services.offers``) locks the same row first and refuses with
a clear message; this is the backstop. PostgreSQL only, as for the other triggers:
the embedded SQLite demo relies on the service.
"""
from django.db import migrations

HOLDING = "('pending', 'open', 'accepted')"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION selection_offer_seat_check() RETURNS trigger AS $$
DECLARE
    target_call bigint;
    call_quota integer;
    call_seats bigint;
    over_team record;
BEGIN
    IF TG_TABLE_NAME = 'selection_offer' THEN
        IF NEW.status NOT IN {HOLDING} THEN
            RETURN NULL;
        END IF;
        target_call := NEW.call_id;
    ELSIF TG_TABLE_NAME = 'innocore_call' THEN
        target_call := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        target_call := OLD.call_id;
    ELSE
        target_call := NEW.call_id;
    END IF;
    SELECT total_quota INTO call_quota FROM innocore_call WHERE id = target_call FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT count(*) INTO call_seats FROM selection_offer WHERE call_id = target_call AND status IN {HOLDING};
    IF call_seats > call_quota THEN
        RAISE EXCEPTION 'call % would hold % seats, more than its quota of %', target_call, call_seats, call_quota
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT o.team_id, count(*) AS seats, COALESCE(max(q.quota), 0) AS quota INTO over_team
        FROM selection_offer o
        LEFT JOIN innocore_callteamquota q ON q.call_id = o.call_id AND q.team_id = o.team_id
        WHERE o.call_id = target_call AND o.status IN {HOLDING}
        GROUP BY o.team_id
        HAVING count(*) > COALESCE(max(q.quota), 0)
        LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'team % of call % would hold % seats, more than its quota of %',
            over_team.team_id, target_call, over_team.seats, over_team.quota
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
PG_TRIGGERS = """
CREATE TRIGGER selection_offer_seat_on_offer
    AFTER INSERT OR UPDATE OF status, team_id, call_id ON selection_offer
    FOR EACH ROW EXECUTE FUNCTION selection_offer_seat_check();
CREATE TRIGGER selection_offer_seat_on_team_quota
    AFTER UPDATE OF quota OR DELETE ON innocore_callteamquota
    FOR EACH ROW EXECUTE FUNCTION selection_offer_seat_check();
CREATE TRIGGER selection_offer_seat_on_call
    AFTER UPDATE OF total_quota ON innocore_call
    FOR EACH ROW EXECUTE FUNCTION selection_offer_seat_check();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS selection_offer_seat_on_offer ON selection_offer;
DROP TRIGGER IF EXISTS selection_offer_seat_on_team_quota ON innocore_callteamquota;
DROP TRIGGER IF EXISTS selection_offer_seat_on_call ON innocore_call;
DROP FUNCTION IF EXISTS selection_offer_seat_check();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        schema_editor.execute(PG_TRIGGERS, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("selection", "0007_decisions")]
    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
