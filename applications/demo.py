"""Seeds synthetic submitted applications for the demo and for benchmarks."""
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from applications.demo_profiles import synthetic_applicant
from applications.models import Application, ApplicationStatus
from innocore.models import Call, User, UserRole

DEMO_APPLICANT_PASSWORD = "demo-applicant-2025"
BATCH = 1000


@transaction.atomic
def demo_applications_seed(*, call: Call, count: int) -> int:
    """Make sure synthetic applicants 0..count-1 each have a submitted application.

    Returns how many applications were created; a second run with the same
    count creates none.
    """
    if count < 0:
        raise ValueError("the number of applications cannot be negative")
    profiles = [synthetic_applicant(i) for i in range(count)]
    emails = [p.email for p in profiles]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    password = make_password(DEMO_APPLICANT_PASSWORD)
    new_users = [
        User(email=p.email, first_name=p.given_name, last_name=p.family_name, role=UserRole.APPLICANT,
             is_demo=True, password=password)
        for p in profiles if p.email not in existing
    ]
    User.objects.bulk_create(new_users, batch_size=BATCH)
    users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    verified = set(EmailAddress.objects.filter(email__in=emails).values_list("email", flat=True))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=users[e], email=e, verified=True, primary=True) for e in emails if e not in verified],
        batch_size=BATCH,
    )
    applied = set(Application.objects.filter(call=call, applicant_id__in=users.values()).values_list("applicant_id", flat=True))
    now = timezone.now()
    new_applications = [
        Application(
            call=call, applicant_id=users[p.email], reference=f"{call.code}-D{p.index:05d}",
            status=ApplicationStatus.SUBMITTED, submitted_at=now, given_name=p.given_name,
            family_name=p.family_name, nationality=p.nationality, country_of_residence=p.country_of_residence,
            is_demo=True,
        )
        for p in profiles if users[p.email] not in applied
    ]
    Application.objects.bulk_create(new_applications, batch_size=BATCH)
    return len(new_applications)
