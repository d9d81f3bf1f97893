"""Demo reviewers: five per research team plus external experts, with complete profiles.

Deterministic (reviewer i always gets the same name, team, keywords and institution)
and idempotent (found by email). External experts work at universities where demo
applicants may work or have studied, so that the conflict finder has something to find.
"""
import random

from django.db import transaction
from django.utils import timezone

from applications.demo_data import REVIEWER_INSTITUTIONS, REVIEWERS_PER_TEAM, demo_reviewer_name
from innocore.demo import DEMO_LOGINS, demo_users_seed
from innocore.models import Call, ResearchTeam, User, UserRole
from selection.models import ReviewerProfile

DEMO_REVIEWER_PASSWORD = "demo-reviewer-2025"
PER_TEAM = REVIEWERS_PER_TEAM
# Names and institutions are shared with the synthetic dossiers (applications/demo_profiles.py), which name some
# of these reviewers as advisors or co-authors.
EXTERNAL_INSTITUTIONS = REVIEWER_INSTITUTIONS
EXTRA_KEYWORDS = ["machine learning", "deep learning", "optimisation", "statistics", "computer vision",
                  "graph neural networks", "reinforcement learning", "materials informatics", "robotics"]


def demo_reviewer_profile(index: int, teams: list[ResearchTeam]) -> dict:
    """Reviewer ``index``'s profile fields; pure (no query), so benchmarks can draw reviewers without a database.

    ``teams`` are the call's teams in (institute code, team code) order; only their ``keyword_list`` and
    ``institute.name_en`` are read, so any objects with those attributes will do.
    """
    rng = random.Random(f"innocore-demo-reviewer-{index}")
    team = teams[index // PER_TEAM] if index < PER_TEAM * len(teams) else None
    if team is not None:
        keywords = rng.sample(team.keyword_list, k=min(3, len(team.keyword_list))) + [rng.choice(EXTRA_KEYWORDS)]
        institution = team.institute.name_en
    else:
        pool = [k for t in teams for k in t.keyword_list] + EXTRA_KEYWORDS
        keywords = rng.sample(pool, k=min(4, len(pool)))
        institution = rng.choice(EXTERNAL_INSTITUTIONS)
    first_name, last_name = demo_reviewer_name(index)
    return {
        "email": f"demo-reviewer-{index:03d}@demo.innocore.example",
        "first_name": first_name, "last_name": last_name, "team": team,
        "institution": institution, "phd_institution": rng.choice(EXTERNAL_INSTITUTIONS),
        "phd_year": rng.randint(1995, 2018), "expertise": ", ".join(dict.fromkeys(keywords)),
        "max_load": rng.choice([8, 10, 12, 15]),
    }


@transaction.atomic
def demo_reviewers_seed(*, call: Call, count: int) -> int:
    """Make sure demo reviewers 0..count-1 exist with complete profiles (and the demo
    reviewer login has one). Returns how many reviewers were created."""
    if count < 0:
        raise ValueError("the number of reviewers cannot be negative")
    teams = list(call.teams.select_related("institute").order_by("institute__code", "code"))
    profiles = [demo_reviewer_profile(i, teams) for i in range(count)]
    users = demo_users_seed(
        people=[(p["email"], p["first_name"], p["last_name"]) for p in profiles], role=UserRole.REVIEWER,
        password=DEMO_REVIEWER_PASSWORD,
    )
    have = set(ReviewerProfile.objects.filter(user_id__in=users.values()).values_list("user_id", flat=True))
    now = timezone.now()
    fields = ("team", "institution", "phd_institution", "phd_year", "expertise", "max_load")
    ReviewerProfile.objects.bulk_create([
        ReviewerProfile(user_id=users[p["email"]], profile_completed_at=now, is_demo=True,
                        **{name: p[name] for name in fields})
        for p in profiles if users[p["email"]] not in have
    ], batch_size=1000)
    login = next(d for d in DEMO_LOGINS if d.role == UserRole.REVIEWER)
    demo_user = User.objects.filter(email=login.email).first()
    if demo_user is not None and teams:
        ReviewerProfile.objects.get_or_create(user=demo_user, defaults={
            "team": teams[0], "institution": teams[0].institute.name_en, "expertise": teams[0].keywords,
            "profile_completed_at": now, "is_demo": True,
        })
    return len(profiles) - len(have)
