"""Demo data for the programme: the four institutes, the eight teams, the 2025 call.

Names and quotas follow the public reporting in shared/program.md; they are
marked `is_demo` and staff can edit them in the admin. Idempotent: rows are
found by code and never created twice.
"""
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from innocore.models import Call, Institute, ResearchTeam, User, UserRole
from innocore.services.calls import call_team_quota_set

KST = ZoneInfo("Asia/Seoul")

INSTITUTES = [
    ("KAIST", "Korea Advanced Institute of Science and Technology", "한국과학기술원", "Daejeon", "https://www.kaist.ac.kr"),
    ("UNIST", "Ulsan National Institute of Science and Technology", "울산과학기술원", "Ulsan", "https://www.unist.ac.kr"),
    ("DGIST", "Daegu Gyeongbuk Institute of Science and Technology", "대구경북과학기술원", "Daegu", "https://www.dgist.ac.kr"),
    ("GIST", "Gwangju Institute of Science and Technology", "광주과학기술원", "Gwangju", "https://www.gist.ac.kr"),
]

# (code, institute, English name, Korean name, keywords, quota in the 2025 call); Korean keywords in KEYWORDS_KO
TEAMS = [
    ("KAIST-LLM", "KAIST", "LLM Innovation", "초거대 언어모델 혁신",
     "large language models, natural language processing, foundation models, reasoning, AI alignment", 50),
    ("KAIST-ADM", "KAIST", "AI Design-Manufacturing Integration", "AI 설계·제조 융합",
     "generative design, smart manufacturing, digital twin, robotics, process optimisation", 50),
    ("KAIST-DRUG", "KAIST", "AI Drug Discovery", "AI 신약개발",
     "drug discovery, molecular generation, protein structure, computational chemistry, bioinformatics", 50),
    ("KAIST-AERO", "KAIST", "AI Aerospace", "AI 항공우주",
     "autonomous flight, aerospace engineering, satellite data, reinforcement learning, control systems", 50),
    ("UNIST-H2", "UNIST", "Intelligent Hydrogen Technology Innovation", "지능형 수소기술 혁신",
     "hydrogen energy, electrocatalysis, materials informatics, energy systems, machine learning for materials", 50),
    ("UNIST-SOLAR", "UNIST", "AI-Space Solar", "AI 우주태양광",
     "photovoltaics, space solar power, perovskite, materials discovery, physics-informed machine learning", 50),
    ("DGIST-PAI", "DGIST", "Bio-embodied Physical AI", "생체모사 피지컬 AI",
     "physical AI, soft robotics, neuromorphic computing, embodied intelligence, bio-inspired sensors", 50),
    ("GIST-ACE", "GIST", "AI-ACE: AI and Nano Convergence for Early Brain-Disease Diagnosis",
     "AI-ACE: 뇌질환 조기진단 AI·나노 융합",
     "brain disease, medical imaging, nanosensors, biomarkers, deep learning for diagnosis", 50),
]

KEYWORDS_KO = {
    "KAIST-LLM": "초거대 언어모델, 자연어처리, 파운데이션 모델, 추론, AI 정렬",
    "KAIST-ADM": "생성형 설계, 스마트 제조, 디지털 트윈, 로보틱스, 공정 최적화",
    "KAIST-DRUG": "신약 발굴, 분자 생성, 단백질 구조, 계산화학, 생물정보학",
    "KAIST-AERO": "자율 비행, 항공우주공학, 위성 데이터, 강화학습, 제어 시스템",
    "UNIST-H2": "수소 에너지, 전기촉매, 소재 정보학, 에너지 시스템, 소재 머신러닝",
    "UNIST-SOLAR": "태양광, 우주 태양광 발전, 페로브스카이트, 소재 발굴, 물리 기반 머신러닝",
    "DGIST-PAI": "피지컬 AI, 소프트 로보틱스, 뉴로모픽 컴퓨팅, 체화 지능, 생체모사 센서",
    "GIST-ACE": "뇌질환, 의료영상, 나노센서, 바이오마커, 딥러닝 진단",
}

CALL_CODE = "2025-1"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_LOGINS = [
    DemoLogin(UserRole.APPLICANT, "applicant@demo.innocore.example", "demo-applicant-2025"),
    DemoLogin(UserRole.REVIEWER, "reviewer@demo.innocore.example", "demo-reviewer-2025"),
    DemoLogin(UserRole.MINISTRY_STAFF, "staff@demo.innocore.example", "demo-staff-2025"),
]


def _kst(day: datetime, hour: int) -> datetime:
    return datetime.combine(day.astimezone(KST).date(), time(hour, 0), tzinfo=KST)


@transaction.atomic
def demo_programme_seed() -> Call:
    """Create (once) the institutes, teams and the 2025 call with its 400 slots."""
    institutes = {}
    for code, name_en, name_ko, city, website in INSTITUTES:
        institutes[code], _ = Institute.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_ko": name_ko, "city": city, "website": website, "is_demo": True}
        )
    teams = {}
    for code, institute, name_en, name_ko, keywords, _quota in TEAMS:
        teams[code], _ = ResearchTeam.objects.get_or_create(
            code=code,
            defaults={
                "institute": institutes[institute], "name_en": name_en, "name_ko": name_ko,
                "keywords": keywords, "keywords_ko": KEYWORDS_KO.get(code, ""), "is_demo": True,
            },
        )
    now = timezone.now()
    # The demo call is open when first seeded, so that the demo can be used
    # end to end; its dates can be changed in the admin afterwards.
    call, created = Call.objects.get_or_create(
        code=CALL_CODE,
        defaults={
            "title_en": "InnoCORE AI Convergence Postdoctoral Fellowship 2025",
            "title_ko": "2025 InnoCORE AI 융합 박사후연구원 펠로우십",
            "description_en": (
                "400 postdoctoral fellowships in eight AI convergence research teams at KAIST, UNIST, DGIST and "
                "GIST, with a salary of 90 million KRW and 60 million KRW research funding a year."
            ),
            "description_ko": (
                "KAIST·UNIST·DGIST·GIST 8개 AI 융합 연구단에서 박사후연구원 400명을 선발합니다. "
                "연봉 9천만 원과 연구비 연 6천만 원을 지원합니다."
            ),
            "opens_at": _kst(now - timedelta(days=14), 9),
            "closes_at": _kst(now + timedelta(days=45), 17),
            "appointment_starts_on": (now + timedelta(days=120)).date(),
            "total_quota": 400,
            "salary_krw": 90_000_000,
            "research_funding_krw": 60_000_000,
            "budget_krw": 300_000_000_000,
            "contract_years": 3,
            "is_demo": True,
        },
    )
    if created:
        for code, *_rest, quota in TEAMS:
            call_team_quota_set(call=call, team=teams[code], quota=quota)
    return call


@transaction.atomic
def demo_logins_seed() -> list[DemoLogin]:
    """One verified login per role; passwords are reset to the printed ones on every run."""
    for login in DEMO_LOGINS:
        user, _ = User.objects.get_or_create(email=login.email, defaults={"role": login.role, "is_demo": True})
        user.role = login.role
        user.is_staff = login.role in (UserRole.MINISTRY_STAFF, UserRole.INSTITUTE_STAFF)
        user.is_superuser = login.role == UserRole.MINISTRY_STAFF
        user.first_name, user.last_name = {
            UserRole.APPLICANT: ("Ada", "Applicant"),
            UserRole.REVIEWER: ("Rae", "Reviewer"),
            UserRole.MINISTRY_STAFF: ("Sol", "Staff"),
        }[login.role]
        user.set_password(login.password)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=login.email, defaults={"verified": True, "primary": True}
        )
    return DEMO_LOGINS


def demo_users_seed(*, people: list[tuple[str, str, str]], role: str, password: str) -> dict[str, int]:
    """Verified demo accounts for (email, given name, family name), made in bulk once; their ids by email."""
    emails = [email for email, _given, _family in people]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [person for person in people if person[0] not in existing]
    hashed = make_password(password) if missing else ""  # hashing takes a fifth of a second
    User.objects.bulk_create(
        [User(email=email, first_name=given, last_name=family, role=role, is_demo=True, password=hashed)
         for email, given, family in missing],
        batch_size=1000,
    )
    users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    verified = set(EmailAddress.objects.filter(email__in=emails).values_list("email", flat=True))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=users[e], email=e, verified=True, primary=True) for e in emails if e not in verified],
        batch_size=1000,
    )
    return users
