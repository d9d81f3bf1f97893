"""Conflict is renamed ConflictOfInterest ("conflict" alone also meant a stale edit). The table keeps
its name, selection_conflict, which the trigger of 0002 reads; rows, constraint and index are kept.
Model permissions granted by hand follow the new model name."""
import django.db.models.deletion
from django.db import migrations, models

OLD_CODENAMES = ("add_conflict", "change_conflict", "delete_conflict", "view_conflict")


def permissions_follow_the_name(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for codename in OLD_CODENAMES:
        Permission.objects.filter(content_type__app_label="selection", codename=codename).update(
            codename=codename.replace("_conflict", "_conflictofinterest"))


def permissions_back(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for codename in OLD_CODENAMES:
        Permission.objects.filter(content_type__app_label="selection",
                                  codename=codename.replace("_conflict", "_conflictofinterest")).update(codename=codename)


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('applications', '0009_stale_section_edit'),
        ('selection', '0012_stale_review_edit'),
    ]

    operations = [
        migrations.AlterModelTable(name='conflict', table='selection_conflict'),
        migrations.RenameModel(old_name='Conflict', new_name='ConflictOfInterest'),
        migrations.AlterField(
            model_name='conflictofinterest',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts_of_interest',
                                    to='applications.application', verbose_name='application'),
        ),
        migrations.AlterField(
            model_name='conflictofinterest',
            name='reviewer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts_of_interest',
                                    to='selection.reviewerprofile', verbose_name='reviewer'),
        ),
        migrations.RunPython(permissions_follow_the_name, permissions_back),
    ]
