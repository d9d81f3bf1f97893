"""The database side of the deadline-day benchmark: who logs in, and afterwards, whether any save was lost.

    python -m benchmarks.load.fixture prepare --applicants 200 --tag T --out var/load/fixture.json
    python -m benchmarks.load.fixture verify --fixture var/load/fixture.json --saves var/load/saves.jsonl

``prepare`` runs after ``seed_demo`` (the 1,260-application demo, its reviewers, assignments and reviews) and
adds, for this run only (``--tag``), applicants with a draft that lacks what deadline day adds: the consents
and the list of publications; each draft names two referees whose letters are still awaited. It writes the
logins, the referees' upload links and the reviewers' open assignments to a JSON file for locustfile.py.

``verify`` reads every autosave the server acknowledged with a 200 (one JSON line each, written by the
locust users) and compares it with the database: the last acknowledged values of each section are the
stored ones, and each application's version rose by at least the number of acknowledged saves (every save
raises it by one, so a save that was acknowledged but not kept shows here).
"""
import argparse
import json
import os
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

LOAD_PASSWORD = "load-applicant-2026"
LOAD_DOMAIN = "load.innocore.example"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocore.settings")
    import django

    django.setup()


def prepare(*, applicants: int, tag: str, reviewers: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from applications.demo import _dossier_fields, _parts
    from applications.demo_profiles import synthetic_applicant
    from applications.documents.validation import DocumentKind
    from applications.models import Application, ApplicationStatus, Referee
    from applications.services.dossier import application_reference_new
    from applications.services.referees import referee_token
    from innocore.demo import DEMO_LOGINS, demo_users_seed
    from innocore.models import Call, UserRole

    call = Call.objects.order_by("-opens_at").first()
    now = timezone.now()
    profiles = []
    for i in range(applicants):
        p = synthetic_applicant(500_000 + i, year=now.year)
        pool = [r for n in range(4) for r in synthetic_applicant(500_000 + i + 100_000 * n, year=now.year).referees]
        referees = tuple(replace(r, letter_received=False) for r in pool[:2])  # two letters still awaited
        kinds = tuple(k.value for k in DocumentKind if k != DocumentKind.PUBLICATION_LIST)
        profiles.append(replace(p, email=f"load-{tag}-{i:04d}@{LOAD_DOMAIN}", is_draft=True, referees=referees,
                                document_kinds=kinds))
    stored: list[str] = []
    with transaction.atomic():
        users = demo_users_seed(people=[(p.email, p.given_name, p.family_name) for p in profiles],
                                role=UserRole.APPLICANT, password=LOAD_PASSWORD)
        Application.objects.bulk_create([
            Application(call=call, applicant_id=users[p.email], reference=application_reference_new(call=call),
                        status=ApplicationStatus.DRAFT, **_dossier_fields(p, call=call, now=now))
            for p in profiles
        ])
        ids = dict(Application.objects.filter(call=call, applicant_id__in=users.values())
                   .values_list("applicant_id", "pk"))
        _parts([(ids[users[p.email]], p) for p in profiles], call=call, now=now, stored=stored)
    rows = Application.objects.filter(pk__in=ids.values()).values_list("pk", "applicant__email", "version")
    referee_links = [f"/apply/letter/{referee_token(referee=r)}/"
                     for r in Referee.objects.filter(application_id__in=ids.values()).order_by("pk")]
    staff = next(d for d in DEMO_LOGINS if d.role == UserRole.MINISTRY_STAFF)
    return {
        "tag": tag, "call": call.code,
        "applicants": [{"email": email, "password": LOAD_PASSWORD, "application": pk, "version": version}
                       for pk, email, version in rows],
        "referee_links": referee_links,
        "reviewers": _open_reviews(call=call, count=reviewers),
        "staff": {"email": staff.email, "password": staff.password},
    }


def _open_reviews(*, call, count: int) -> list[dict]:
    """Reviewers with assignments not yet reviewed (seed_demo leaves about one in ten): their login and those
    applications."""
    from selection.demo import DEMO_REVIEWER_PASSWORD
    from selection.models import Assignment, Review, ReviewStatus, RunStatus

    submitted = Review.objects.filter(status=ReviewStatus.SUBMITTED).values("application_id", "reviewer_id")
    done = {(row["application_id"], row["reviewer_id"]) for row in submitted}
    open_ = defaultdict(list)
    for application_id, reviewer_id, email in (
        Assignment.objects.filter(run__call=call, run__status=RunStatus.PUBLISHED)
        .values_list("application_id", "reviewer_id", "reviewer__user__email").order_by("reviewer_id", "application_id")
    ):
        if (application_id, reviewer_id) not in done:
            open_[email].append(application_id)
    return [{"email": email, "password": DEMO_REVIEWER_PASSWORD, "applications": pks}
            for email, pks in sorted(open_.items())[:count]]


def verify(*, fixture: dict, saves: Path) -> dict:
    """Lost saves: acknowledged values not stored, and applications whose version rose less than their
    acknowledged saves."""
    from applications.models import Application
    from applications.sections import SECTIONS_BY_SLUG

    acknowledged: dict[int, int] = defaultdict(int)
    last: dict[tuple[int, str], dict] = {}
    for line in saves.read_text().splitlines() if saves.exists() else []:
        save = json.loads(line)
        acknowledged[save["application"]] += 1
        last[(save["application"], save["section"])] = save["values"]
    start = {a["application"]: a["version"] for a in fixture["applicants"]}
    stored = {a.pk: a for a in Application.objects.filter(pk__in=start)}
    missing = []
    for (pk, section), values in last.items():
        application = stored[pk]
        for field, value in values.items():
            if field in SECTIONS_BY_SLUG[section].fields and str(getattr(application, field)) != value:
                missing.append({"application": pk, "section": section, "field": field, "acknowledged": value,
                                "stored": str(getattr(application, field))})
    short = [{"application": pk, "acknowledged": count, "version_rise": stored[pk].version - start[pk]}
             for pk, count in acknowledged.items() if stored[pk].version - start[pk] < count]
    return {"acknowledged_saves": sum(acknowledged.values()), "applications_saved": len(acknowledged),
            "values_checked": sum(len(v) for v in last.values()), "lost_values": missing, "lost_saves": short,
            "submitted": Application.objects.filter(pk__in=start).exclude(status="draft").count()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--applicants", type=int, default=200)
    p.add_argument("--reviewers", type=int, default=100)
    p.add_argument("--tag", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--pdf", type=Path, help="write the PDF the users upload here")
    v = sub.add_parser("verify")
    v.add_argument("--fixture", type=Path, required=True)
    v.add_argument("--saves", type=Path, required=True)
    v.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    _setup()
    if args.command == "prepare":
        data = prepare(applicants=args.applicants, tag=args.tag, reviewers=args.reviewers)
        args.out.write_text(json.dumps(data))
        if args.pdf:
            from applications.demo import demo_pdf
            from applications.documents.validation import DocumentKind

            args.pdf.write_bytes(demo_pdf(DocumentKind.PUBLICATION_LIST).data)
        print(f"{len(data['applicants'])} applicants, {len(data['referee_links'])} referee links, "
              f"{len(data['reviewers'])} reviewers with open reviews")
        return 0
    result = verify(fixture=json.loads(args.fixture.read_text()), saves=args.saves)
    args.out.write_text(json.dumps(result))
    print(f"{result['acknowledged_saves']} acknowledged autosaves on {result['applications_saved']} applications: "
          f"{len(result['lost_values'])} values and {len(result['lost_saves'])} saves lost")
    return 1 if result["lost_values"] or result["lost_saves"] else 0


if __name__ == "__main__":
    sys.exit(main())
