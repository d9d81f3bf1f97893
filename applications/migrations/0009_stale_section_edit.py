"""SectionConflict is renamed StaleSectionEdit: a save from a stale tab that lost to a newer version
(a "conflict" is a conflict of interest, in selection). Rows are kept; the table is renamed."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0008_eligibility_override_rows_only'),
    ]

    operations = [
        migrations.RenameModel(
            old_name='SectionConflict',
            new_name='StaleSectionEdit',
        ),
        migrations.AlterModelOptions(
            name='stalesectionedit',
            options={'ordering': ['-created_at', '-id'], 'verbose_name': 'stale section edit',
                     'verbose_name_plural': 'stale section edits'},
        ),
        migrations.AlterField(
            model_name='stalesectionedit',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stale_section_edits',
                                    to='applications.application'),
        ),
        migrations.AlterField(
            model_name='application',
            name='version',
            field=models.PositiveIntegerField(default=1, help_text="Raised on every save, so that a stale tab's save is noticed.", verbose_name='version'),
        ),
    ]
