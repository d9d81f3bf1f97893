"""`python manage.py purge_expired_applications [--dry-run]`: delete the unsuccessful applications past their
call's retention period (run daily by beat: ``applications.tasks.retention_purge``)."""
from django.core.management.base import BaseCommand, CommandParser

from applications.services.retention import applications_purge_expired


class Command(BaseCommand):
    help = ("Delete the unsuccessful applications (drafts, withdrawn, ineligible, not selected, declined, and "
            "waitlisted once the selection is over) whose call closed more than its retention period ago, with "
            "their files, letters and emails. --dry-run lists them and deletes nothing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        report = applications_purge_expired(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        for code, ids in sorted(report.by_call.items()):
            self.stdout.write(f"call {code}: {verb} {len(ids)} applications")
        summary = f"{verb} {report.count} applications"
        if not dry_run:
            summary += f" and {report.files} files"
        self.stdout.write(self.style.SUCCESS(summary))
        if report.failed:
            self.stderr.write(f"{len(report.failed)} could not be deleted (logged; the next run tries again): "
                              f"{', '.join(map(str, report.failed))}")
