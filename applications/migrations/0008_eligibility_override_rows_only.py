"""A verdict's staff override is its latest ``EligibilityOverride`` row: the copy on the verdict goes.

The service always wrote both, so the rows already hold every override; a verdict whose copy
disagrees with its latest row (written around the service) gets a row first, so nothing is lost.
Going back fills the copy from the latest row.
"""
from django.db import migrations


def rows_for_unlogged_overrides(apps, schema_editor):
    Verdict = apps.get_model("applications", "EligibilityVerdict")
    Override = apps.get_model("applications", "EligibilityOverride")
    for verdict in Verdict.objects.exclude(overridden_outcome="").exclude(overridden_by=None).iterator():
        latest = Override.objects.filter(verdict=verdict).order_by("-at", "-id").first()
        if latest is not None and latest.to_outcome == verdict.overridden_outcome:
            continue
        row = Override.objects.create(verdict=verdict, by_id=verdict.overridden_by_id, from_outcome=verdict.outcome,
                                      to_outcome=verdict.overridden_outcome, reason=verdict.override_reason)
        Override.objects.filter(pk=row.pk).update(at=verdict.overridden_at)  # ``at`` is auto_now_add


def copy_latest_override_onto_verdicts(apps, schema_editor):
    Verdict = apps.get_model("applications", "EligibilityVerdict")
    Override = apps.get_model("applications", "EligibilityOverride")
    for verdict in Verdict.objects.filter(overrides__isnull=False).distinct().iterator():
        latest = Override.objects.filter(verdict=verdict).order_by("-at", "-id").first()
        Verdict.objects.filter(pk=verdict.pk).update(
            overridden_outcome=latest.to_outcome, override_reason=latest.reason, overridden_by_id=latest.by_id,
            overridden_at=latest.at,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0007_eligibility_run_heartbeat'),
    ]

    operations = [
        migrations.RunPython(rows_for_unlogged_overrides, copy_latest_override_onto_verdicts),
        migrations.RemoveConstraint(
            model_name='eligibilityverdict',
            name='eligibility_override_has_reason',
        ),
        migrations.RemoveField(
            model_name='eligibilityverdict',
            name='overridden_at',
        ),
        migrations.RemoveField(
            model_name='eligibilityverdict',
            name='overridden_by',
        ),
        migrations.RemoveField(
            model_name='eligibilityverdict',
            name='overridden_outcome',
        ),
        migrations.RemoveField(
            model_name='eligibilityverdict',
            name='override_reason',
        ),
    ]
