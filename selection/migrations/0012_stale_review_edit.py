"""ReviewConflict is renamed StaleReviewEdit: a save from a stale page that lost to a newer version
(a "conflict" is a conflict of interest). Rows are kept; the table is renamed."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('selection', '0011_reviewer_languages_dropped'),
    ]

    operations = [
        migrations.RenameModel(
            old_name='ReviewConflict',
            new_name='StaleReviewEdit',
        ),
    ]
