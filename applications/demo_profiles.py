"""Synthetic applicants shaped like the 2025 cohort (pure: no database).

The 400 fellows appointed in 2025 were 116 new domestic PhDs, 125 other
domestic researchers, 56 Korean researchers returning from abroad and 103
foreign nationals (26 from India, 18 from China): 159 of 400, about 40%,
overseas. Applicant `index` always gets the same profile, so seeding is
reproducible and idempotent.

Each profile is a complete dossier: PhD (institution from a pool per country,
awarded 0-9 years before the call closes, so that about one in eight is past
the default 7-year limit; some new domestic PhDs still expected), advisor,
current position, research field and keywords taken from the demo teams'
keyword lists (so that the eligibility field check and reviewer affinity mean
something), ranked team preferences that follow the keywords, publications
with DOIs, two referees and how the applicant heard of the programme. About 3%
are left as unfinished drafts.

The demo reviewers' names are made here too (``demo_reviewer_name``), because
``selection`` builds on ``applications`` and not the other way round: some
dossiers name a demo reviewer as PhD advisor or co-author, and some applicants
work where demo reviewers work, so that the conflict-of-interest finder has something real
to find. Every other name in a citation is written in full and drawn from pools
that share no given name with the reviewers, so no conflict of interest appears by accident.
"""
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from applications.demo_data import (
    ABROAD_RESIDENCE_WEIGHTS, ADJECTIVES, ADVISOR_IS_REVIEWER_SHARE, ADVISOR_NAMES, APPROACHES, CATEGORY_WEIGHTS,
    COAUTHOR_NAMES, demo_reviewer_name, DRAFT_SHARE, EXTERNAL_REVIEWER_COAUTHOR_SHARE, EXTERNAL_REVIEWER_RANGE,
    FOREIGN_NATIONALITY_WEIGHTS, GENERIC_KEYWORDS, GENERIC_VENUES, HEARD_VIA_DOMESTIC, HEARD_VIA_OTHER,
    HEARD_VIA_OVERSEAS, INSTITUTE_NAMES, KOREAN_CHANNELS, KOREAN_INDUSTRY_LABS, KOREAN_RESEARCH_INSTITUTES, NAMES,
    NEW_PHD_EXPECTED_SHARE, OFF_TOPIC, OFF_TOPIC_SHARE, OUTCOMES, RELATED_TEAMS, REQUIRED_DOCUMENTS,
    RETURNING_PHD_COUNTRY_WEIGHTS, REVIEWER_TEAM_ORDER, STUDY_ABROAD_WEIGHTS, SUBMITTED_WITHIN_HOURS, TEAM_FIELDS,
    TEAM_INSTITUTES, TEAM_KEYWORDS, TEAM_NAMES, TEAM_REVIEWER_COAUTHOR_SHARE, team_reviewer_indexes, TEAM_TOPICS,
    TEAM_VENUES, TEAM_WEIGHTS, UNIVERSITIES, US_SESSIONS, WESTERN, YEARS_SINCE_PHD_WEIGHTS,
)
from applications.origin import is_overseas

@dataclass(frozen=True)
class DemoPublication:
    citation: str
    doi: str
    year: int


@dataclass(frozen=True)
class DemoReferee:
    name: str
    email: str
    institution: str
    relationship: str
    letter_received: bool


@dataclass(frozen=True)
class SyntheticApplicant:
    index: int
    email: str
    given_name: str
    family_name: str
    nationality: str
    country_of_residence: str
    category: str
    research_field: str
    # The dossier
    phd_institution: str
    phd_country: str
    phd_status: str  # "awarded" or "expected"
    phd_days_before_closing: int  # negative: expected after the call closes
    phd_advisor: str
    current_position: str
    current_institution: str
    keywords: tuple[str, ...]
    research_summary: str
    research_plan: str
    team_preferences: tuple[str, ...]  # team codes, first choice first
    publications: tuple[DemoPublication, ...]
    referees: tuple[DemoReferee, ...]
    heard_via: str
    heard_via_other: str
    document_kinds: tuple[str, ...]
    is_draft: bool
    submitted_hours_ago: int

    @property
    def is_overseas(self) -> bool:
        return is_overseas(country_of_residence=self.country_of_residence)

    def phd_date(self, *, closing_date: date) -> date:
        """The PhD date for a call closing on ``closing_date`` (the profile fixes only the distance)."""
        return closing_date - timedelta(days=self.phd_days_before_closing)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()), k=1)[0]


def _ascii_slug(text: str, separator: str = ".") -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return separator.join("".join(ch if ch.isalnum() else " " for ch in folded).split())


def _region(country: str) -> str:
    """A name pool's key for a country (or a key already)."""
    if country in ("west", "*"):
        return country
    return country if country in ("KR", "IN", "CN", "JP") else "west" if country in WESTERN else "*"


def _person(rng: random.Random, country: str, pool: dict = ADVISOR_NAMES) -> str:
    given, family = pool[_region(country)]
    return f"{rng.choice(given)} {rng.choice(family)}"


def _doi(rng: random.Random, pattern: str, year: int) -> str:
    digits = {f"n{n}": "".join(rng.choice("0123456789") for _ in range(n)) for n in range(2, 8)}
    return pattern.format(y=year, yy=f"{year % 100:02d}", **digits)


def _phd(rng: random.Random, category: str, nationality: str) -> tuple[str, str, int]:
    """(PhD country, PhD status, days from the PhD to the closing date)."""
    if category == "new_domestic_phd":
        country = "KR"
    elif category == "other_domestic":
        country = "KR" if rng.random() < 0.8 else _pick(rng, STUDY_ABROAD_WEIGHTS)
    elif category == "returning_korean":
        country = _pick(rng, RETURNING_PHD_COUNTRY_WEIGHTS)
    else:  # foreign: at home, in Korea (many foreign postdocs took their PhD here) or in the US or Europe
        roll = rng.random()
        country = (nationality if roll < 0.45 and nationality in UNIVERSITIES else "KR" if roll < 0.7
                   else _pick(rng, STUDY_ABROAD_WEIGHTS))
    if category == "new_domestic_phd":
        if rng.random() < NEW_PHD_EXPECTED_SHARE:
            return country, "expected", -rng.randint(7, 95)  # the demo appointment starts 75 days after closing
        return country, "awarded", rng.randint(15, 700)
    years = int(_pick(rng, {str(k): v for k, v in YEARS_SINCE_PHD_WEIGHTS.items()}))
    return country, "awarded", years * 365 + rng.randint(0, 364)


def _position(rng: random.Random, category: str, phd_status: str, phd_institution: str,
              residence: str) -> tuple[str, str]:
    if phd_status == "expected":
        return "PhD candidate", phd_institution
    if category == "new_domestic_phd":
        return "Postdoctoral researcher", phd_institution if rng.random() < 0.6 else rng.choice(UNIVERSITIES["KR"])
    if residence == "KR":
        roll = rng.random()
        if roll < 0.12:
            return "Research scientist", rng.choice(KOREAN_INDUSTRY_LABS)
        if roll < 0.27:
            return "Senior researcher", rng.choice(KOREAN_RESEARCH_INSTITUTES)
        position = _pick(rng, {"Postdoctoral researcher": 60, "Research professor": 20,
                               "Research assistant professor": 10, "Visiting researcher": 10})
        return position, rng.choice(UNIVERSITIES["KR"])
    position = _pick(rng, {"Postdoctoral fellow": 40, "Postdoctoral research associate": 25, "Research scientist": 15,
                           "Research fellow": 10, "Lecturer": 5, "Assistant professor": 5})
    return position, rng.choice(UNIVERSITIES.get(residence) or UNIVERSITIES["US"])


def _teams(rng: random.Random) -> tuple[str, ...]:
    first = _pick(rng, TEAM_WEIGHTS)
    count = _pick(rng, {"1": 25, "2": 40, "3": 35})
    related = rng.sample(RELATED_TEAMS[first], k=int(count) - 1)
    return (first, *related)


def _research(rng: random.Random, teams: tuple[str, ...], off_topic: bool) -> tuple[str, tuple[str, ...]]:
    """(research field, 3-6 keywords) that follow the team choices (or deliberately do not)."""
    first = teams[0]
    if off_topic:
        keywords = rng.sample(OFF_TOPIC["keywords"], k=rng.randint(3, 4))
        return rng.choice(OFF_TOPIC["field"]), tuple(keywords)
    keywords = rng.sample(TEAM_KEYWORDS[first], k=min(rng.randint(2, 4), len(TEAM_KEYWORDS[first])))
    for other in teams[1:]:
        extra = [k for k in TEAM_KEYWORDS[other] if k not in keywords]
        if extra and rng.random() < 0.7:
            keywords.append(rng.choice(extra))
    while len(keywords) < 3 or (len(keywords) < 6 and rng.random() < 0.3):
        extra = [k for k in GENERIC_KEYWORDS if k not in keywords]
        keywords.append(rng.choice(extra))
    return rng.choice(TEAM_FIELDS[first]), tuple(keywords[:6])


def _summary(rng: random.Random, *, field: str, keywords: tuple[str, ...], topic: str, phd_institution: str,
             expected: bool) -> str:
    doing = "I am developing" if expected else "I developed"
    sentences = [
        f"My research is in {field}, with a focus on {topic}.",
        f"During my PhD at {phd_institution} {doing} {rng.choice(ADJECTIVES).lower()} {rng.choice(APPROACHES)} "
        f"that combine {keywords[0]} and {keywords[1]}.",
    ]
    if len(keywords) > 2 and rng.random() < 0.7:
        sentences.append(f"Next I want to use {keywords[2]} to {rng.choice(OUTCOMES)}.")
    return " ".join(sentences)


def _plan(rng: random.Random, *, teams: tuple[str, ...], keywords: tuple[str, ...], topic: str) -> str:
    team = teams[0]
    aim = rng.choice([t for t in TEAM_TOPICS[team] if t != topic] or TEAM_TOPICS[team])
    return (
        f"In the {TEAM_NAMES[team]} team at {TEAM_INSTITUTES[team]} I propose to work on {aim}. "
        f"Year 1: build the data and baselines, using {keywords[0]}. "
        f"Year 2: develop {rng.choice(ADJECTIVES).lower()} {rng.choice(APPROACHES)} with {keywords[-1]} "
        f"and test them with the team's industry partner. "
        f"Year 3: release the code and data openly and write up the results for {rng.choice(TEAM_VENUES[team])[0]}."
    )


def _publications(rng: random.Random, *, author: str, advisor: str, teams: tuple[str, ...], category: str,
                  phd_year: int, phd_country: str, year: int) -> tuple[DemoPublication, ...]:
    if category == "new_domestic_phd":
        count = rng.randint(1, 6)
    else:
        count = _pick(rng, {str(n): w for n, w in enumerate((4, 6, 10, 14, 16, 16, 14, 11, 9))})
    count = int(count)
    team_coauthor = rng.random() < TEAM_REVIEWER_COAUTHOR_SHARE
    external_coauthor = rng.random() < EXTERNAL_REVIEWER_COAUTHOR_SHARE
    publications = []
    first_year = max(2010, phd_year - 4)
    for position in range(count):
        published = min(year, rng.randint(first_year, max(first_year, min(year, phd_year + 5))))
        topic_team = teams[0] if rng.random() < 0.75 else rng.choice(teams)
        authors = [_person(rng, phd_country if rng.random() < 0.7 else rng.choice(["west", "KR", "*"]), COAUTHOR_NAMES)
                   for _ in range(rng.randint(0, 3))]
        authors.insert(0 if rng.random() < 0.7 else min(1, len(authors)), author)
        if published <= phd_year + 1 and advisor not in authors:
            authors.append(advisor)
        if position == 0 and team_coauthor:
            given, family = demo_reviewer_name(rng.choice(team_reviewer_indexes(teams[0])))
            authors.append(f"{given} {family}")
        if position == min(1, count - 1) and external_coauthor:
            given, family = demo_reviewer_name(rng.choice(EXTERNAL_REVIEWER_RANGE))
            authors.insert(len(authors) - 1 if len(authors) > 1 else len(authors), f"{given} {family}")
        venue, doi_pattern = rng.choice(TEAM_VENUES[topic_team] + GENERIC_VENUES)
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(APPROACHES)} for {rng.choice(TEAM_TOPICS[topic_team])}"
        citation = (f"{', '.join(dict.fromkeys(authors))} ({published}). {title}. {venue}, "
                    f"{rng.randint(5, 120)}, {rng.randint(1, 9999)}.")
        publications.append(DemoPublication(citation=citation, doi=_doi(rng, doi_pattern, published), year=published))
    return tuple(sorted(publications, key=lambda p: -p.year))


def _referee(rng: random.Random, name: str, institution: str, relationship: str, received: bool) -> DemoReferee:
    email = f"{_ascii_slug(name)}@{_ascii_slug(institution, '-')[:40].strip('-')}.example"
    return DemoReferee(name=name, email=email, institution=institution, relationship=relationship,
                       letter_received=received)


def synthetic_applicant(index: int, *, year: int = 2025) -> SyntheticApplicant:
    """Applicant ``index``'s profile; ``year`` (the current one) only dates the publications."""
    if index < 0:
        raise ValueError("index must be non-negative")
    category, nationality, residence, given_name, family_name = _who(index)
    # A second generator for the dossier, so that the names above stay what they always were.
    rng = random.Random(f"innocore-demo-dossier-{index}")
    phd_country, phd_status, days_before_closing = _phd(rng, category, nationality)
    phd_institution = rng.choice(UNIVERSITIES[phd_country])
    advisor = _advisor(rng, phd_institution=phd_institution, phd_country=phd_country)
    position, institution = _position(rng, category, phd_status, phd_institution, residence)
    # Some write a host institute's full name ("Korea Advanced Institute of Science and Technology", not "KAIST").
    written_phd_institution = (
        INSTITUTE_NAMES.get(phd_institution, phd_institution) if rng.random() < 0.3 else phd_institution
    )
    teams = _teams(rng)
    off_topic = rng.random() < OFF_TOPIC_SHARE
    field, keywords = _research(rng, teams, off_topic)
    topic = rng.choice(TEAM_TOPICS[teams[0]])
    heard_via = _heard_via(rng, nationality=nationality, residence=residence)
    is_draft = rng.random() < DRAFT_SHARE
    referees = _referees(rng, advisor=advisor, phd_institution=phd_institution, institution=institution,
                         residence=residence, phd_status=phd_status, received=not is_draft)
    return SyntheticApplicant(
        index=index,
        email=f"demo-applicant-{index:05d}@demo.innocore.example",
        given_name=given_name,
        family_name=family_name,
        nationality=nationality,
        country_of_residence=residence,
        category=category,
        research_field=field,
        phd_institution=written_phd_institution,
        phd_country=phd_country,
        phd_status=phd_status,
        phd_days_before_closing=days_before_closing,
        phd_advisor=advisor,
        current_position=position,
        current_institution=institution,
        keywords=keywords,
        research_summary=_summary(rng, field=field, keywords=keywords, topic=topic, phd_institution=phd_institution,
                                  expected=phd_status == "expected"),
        research_plan=_plan(rng, teams=teams, keywords=keywords, topic=topic),
        team_preferences=teams,
        publications=_publications(rng, author=f"{given_name} {family_name}", advisor=advisor, teams=teams,
                                   category=category, phd_year=year - (days_before_closing // 365),
                                   phd_country=phd_country, year=year),
        referees=referees if not is_draft else referees[:1],
        heard_via=heard_via,
        heard_via_other=rng.choice(HEARD_VIA_OTHER) if heard_via == "other" else "",
        document_kinds=REQUIRED_DOCUMENTS if not is_draft else REQUIRED_DOCUMENTS[: rng.randint(0, 2)],
        is_draft=is_draft,
        submitted_hours_ago=0 if is_draft else rng.randint(1, SUBMITTED_WITHIN_HOURS),
    )


def _who(index: int) -> tuple[str, str, str, str, str]:
    """Applicant ``index``'s ``(category, nationality, residence, given_name, family_name)``, from its own generator."""
    rng = random.Random(f"innocore-demo-applicant-{index}")
    category = _pick(rng, CATEGORY_WEIGHTS)
    if category == "foreign":
        nationality = _pick(rng, FOREIGN_NATIONALITY_WEIGHTS)
        # Half work in their own country, half elsewhere abroad (never Korea).
        residence = nationality if rng.random() < 0.5 else _pick(rng, ABROAD_RESIDENCE_WEIGHTS)
        if residence == "KR":
            residence = "US"
    elif category == "returning_korean":
        nationality, residence = "KR", _pick(rng, ABROAD_RESIDENCE_WEIGHTS)
    else:
        nationality = residence = "KR"
    given_names, family_names = NAMES.get(nationality, NAMES["*"])
    return category, nationality, residence, rng.choice(given_names), rng.choice(family_names)


def _advisor(rng: random.Random, *, phd_institution: str, phd_country: str) -> str:
    """The PhD advisor: sometimes a demo reviewer of a team at the PhD institution (a conflict to find)."""
    if phd_institution in INSTITUTE_NAMES and rng.random() < ADVISOR_IS_REVIEWER_SHARE:
        teams_there = [code for code in REVIEWER_TEAM_ORDER if TEAM_INSTITUTES[code] == phd_institution]
        return " ".join(demo_reviewer_name(rng.choice(team_reviewer_indexes(rng.choice(teams_there)))))
    return _person(rng, phd_country)


def _heard_via(rng: random.Random, *, nationality: str, residence: str) -> str:
    """How the applicant heard of the programme; Korean channels only for Koreans, US sessions only in the US."""
    heard_via = _pick(rng, HEARD_VIA_OVERSEAS if residence != "KR" else HEARD_VIA_DOMESTIC)
    if (heard_via in KOREAN_CHANNELS and nationality != "KR") or (heard_via in US_SESSIONS and residence != "US"):
        heard_via = "colleague"
    return heard_via


def _referees(rng: random.Random, *, advisor: str, phd_institution: str, institution: str, residence: str,
              phd_status: str, received: bool) -> tuple[DemoReferee, DemoReferee]:
    """The PhD advisor, then the current supervisor (or a thesis committee member for an expected PhD)."""
    supervisor = _person(rng, residence if institution not in INSTITUTE_NAMES else "KR")
    return (
        _referee(rng, advisor, phd_institution, "PhD advisor", received=received),
        _referee(rng, supervisor if supervisor != advisor else _person(rng, "*"),
                 institution, "Thesis committee member" if phd_status == "expected" else "Current supervisor",
                 received=received),
    )
