"""A call's ranking seed, recorded once: drawn at random the first time the call is ranked.

The service (``selection.services.ranking.ranking_seed_record``) draws it under a row lock,
so two staff members opening the ranking at once record one seed. The trigger is the
backstop: once recorded, a seed cannot be changed (``check_violation``), so a ranking
cannot be re-drawn until it suits someone; a save from a copy of the row read before the
seed was recorded (the admin's settings form, say) keeps the recorded seed instead of
clearing it. PostgreSQL only, as for the other
triggers: the embedded SQLite demo relies on the service.
"""
from django.db import migrations, models

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION selection_ranking_seed_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.ranking_seed IS NULL THEN
        RETURN NEW;
    END IF;
    IF NEW.ranking_seed IS NULL THEN
        NEW.ranking_seed := OLD.ranking_seed;
    ELSIF NEW.ranking_seed <> OLD.ranking_seed THEN
        RAISE EXCEPTION 'the ranking seed of call % is recorded (%) and cannot change', OLD.call_id, OLD.ranking_seed
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER selection_ranking_seed_frozen
    BEFORE UPDATE OF ranking_seed ON selection_reviewsettings
    FOR EACH ROW EXECUTE FUNCTION selection_ranking_seed_frozen();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS selection_ranking_seed_frozen ON selection_reviewsettings;
DROP FUNCTION IF EXISTS selection_ranking_seed_frozen();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("selection", "0008_offer_seat_trigger")]
    operations = [
        migrations.AddField(
            model_name="reviewsettings",
            name="ranking_seed",
            field=models.BigIntegerField(
                blank=True, editable=False, null=True, verbose_name="ranking seed",
                help_text="Drawn at random the first time the call is ranked and never changed, so that the same "
                          "reviews always give the same ranking.",
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger, elidable=False),
    ]
