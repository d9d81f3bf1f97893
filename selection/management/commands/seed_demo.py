"""`python manage.py seed_demo [--applications N]`: demo data for every part of the portal."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from applications.demo import demo_applications_seed
from innocore.demo import demo_logins_seed, demo_programme_seed


def non_negative_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"--applications must be a whole number, not {value!r}") from None
    if number < 0:
        raise CommandError(f"--applications must be 0 or more, not {number}")
    return number


class Command(BaseCommand):
    help = "Create the demo programme (institutes, teams, 2025 call), one login per role and N applicants."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--applications", type=str, default="0", metavar="N",
            help="How many synthetic submitted applications to create (shaped like the 2025 cohort).",
        )
        parser.add_argument(
            "--allow-production", action="store_true",
            help="Seed even though DEBUG is off (demo logins have published passwords).",
        )

    def handle(self, *args, **options) -> None:
        count = non_negative_int(options["applications"])
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("DEBUG is off: demo logins have published passwords; pass --allow-production to seed anyway")
        call = demo_programme_seed()
        logins = demo_logins_seed()
        created = demo_applications_seed(call=call, count=count)
        self.stdout.write(self.style.SUCCESS(f"Demo programme ready: call {call.code} with {call.total_quota} slots."))
        if count:
            self.stdout.write(f"Applications: {created} created, {count - created} already there.")
        self.stdout.write("Demo logins:")
        for login in logins:
            self.stdout.write(f"  {login.role:<16} {login.email:<36} password: {login.password}")
