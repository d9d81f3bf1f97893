"""`python manage.py seed_demo [--applications N] [--reviewers N]`: demo data for every part of the portal."""
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from applications.demo import demo_applications_seed
from applications.models import Application, ApplicationStatus
from innocore.demo import DEMO_LOGINS, demo_logins_seed, demo_programme_seed
from innocore.models import User, UserRole
from selection.demo import demo_reviewers_seed
from selection.demo_match import demo_match_propose
from selection.demo_reviews import demo_assignment_publish, demo_reviews_seed
from selection.models import Assignment
from selection.services.conflicts_of_interest import conflicts_of_interest_detect

DEFAULT_REVIEWERS = 40


def non_negative_int(value: str, option: str = "--applications") -> int:
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"{option} must be a whole number, not {value!r}") from None
    if number < 0:
        raise CommandError(f"{option} must be 0 or more, not {number}")
    return number


class Command(BaseCommand):
    help = ("Create the demo programme (institutes, teams, 2025 call), one login per role, N applicants and "
            "reviewers; publish an assignment of the eligible applications and submit most of their reviews.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--applications", type=str, default="0", metavar="N",
            help="How many synthetic applications with complete dossiers to create (shaped like the 2025 cohort; "
                 "about 3%% stay drafts, the rest are submitted and checked for eligibility).",
        )
        parser.add_argument(
            "--reviewers", type=str, default=str(DEFAULT_REVIEWERS), metavar="N",
            help="How many demo reviewers (5 per team, then external experts) with complete profiles.",
        )
        parser.add_argument(
            "--allow-production", action="store_true",
            help="Seed even though DEBUG is off (demo logins have published passwords).",
        )

    def handle(self, *args, **options) -> None:
        count = non_negative_int(options["applications"])
        reviewers = non_negative_int(options["reviewers"], "--reviewers")
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("DEBUG is off: demo logins have published passwords; pass --allow-production to seed anyway")
        call = demo_programme_seed()
        logins = demo_logins_seed()
        created = demo_applications_seed(call=call, count=count)
        reviewers_created = demo_reviewers_seed(call=call, count=reviewers)
        conflicts = conflicts_of_interest_detect(call=call)
        staff = User.objects.get(email=next(d.email for d in DEMO_LOGINS if d.role == UserRole.MINISTRY_STAFF))
        run = demo_assignment_publish(call=call, by=staff)
        reviews = demo_reviews_seed(call=call) if run is not None else 0
        match = demo_match_propose(call=call, by=staff) if reviews or run is not None else None
        self.stdout.write(self.style.SUCCESS(f"Demo programme ready: call {call.code} with {call.total_quota} slots."))
        if count:
            self.stdout.write(f"Applications: {created} created, {count - created} already there.")
            statuses = Counter(Application.objects.filter(call=call, is_demo=True).values_list("status", flat=True))
            self.stdout.write("  " + ", ".join(
                f"{statuses[status]} {ApplicationStatus(status).label.lower()}"
                for status in (ApplicationStatus.REVIEWED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.AWAITING_REVIEW, ApplicationStatus.INELIGIBLE,
                               ApplicationStatus.ELIGIBILITY_REVIEW, ApplicationStatus.SUBMITTED,
                               ApplicationStatus.DRAFT)
                if statuses[status]
            ) + ".")
        self.stdout.write(
            f"Reviewers: {reviewers_created} created, {reviewers - reviewers_created} already there; "
            f"conflicts of interest: {conflicts['added']} found, {conflicts['kept']} already known."
        )
        if run is not None:
            assigned = Assignment.objects.filter(run=run).count()
            self.stdout.write(f"Assignment run {run.pk} published: {assigned} assignments; "
                              f"{reviews} reviews submitted now, about one in ten left without a review.")
        if match is not None:
            placed = Counter(match.placements.values_list("outcome", flat=True))
            self.stdout.write(f"Match {match.pk} proposed (not published): {placed['placed']} placed, "
                              f"{placed['waitlisted']} on a waiting list, {placed['not_placed']} on no list; "
                              f"staff publish it at /staff/calls/{call.code}/selection/.")
        self.stdout.write("Demo logins:")
        for login in logins:
            self.stdout.write(f"  {login.role:<16} {login.email:<36} password: {login.password}")
