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
work where demo reviewers work, so that the conflict finder has something real
to find. Every other name in a citation is written in full and drawn from pools
that share no given name with the reviewers, so no conflict appears by accident.
"""
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from applications.documents.validation import DocumentKind
from applications.origin import is_overseas
from innocore.demo import INSTITUTES, TEAMS

CATEGORY_WEIGHTS = {
    "new_domestic_phd": 116,
    "other_domestic": 125,
    "returning_korean": 56,
    "foreign": 103,
}

# Foreign nationals: India 26 and China 18 of 103; the rest spread over others.
FOREIGN_NATIONALITY_WEIGHTS = {
    "IN": 26, "CN": 18, "VN": 7, "PK": 6, "IR": 5, "BD": 4, "ID": 4, "US": 4, "DE": 3, "FR": 3,
    "EG": 3, "NP": 3, "IT": 2, "ES": 2, "GB": 2, "JP": 2, "TR": 2, "NG": 2, "BR": 1, "MX": 1,
    "CA": 1, "ET": 1, "MY": 1, "PH": 1,
}
# Where returning Koreans and foreign nationals work now (when not at home).
ABROAD_RESIDENCE_WEIGHTS = {
    "US": 55, "GB": 10, "DE": 8, "CA": 6, "JP": 5, "SG": 5, "CH": 4, "FR": 4, "AU": 3,
}

NAMES = {
    "KR": (["Minjun", "Seoyeon", "Jiho", "Hayoon", "Doyun", "Jiwoo", "Eunseo", "Siwoo", "Sumin", "Hyunwoo", "Yuna", "Jaehyun"],
           ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Shin"]),
    "IN": (["Aarav", "Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Meera", "Siddharth", "Divya"],
           ["Sharma", "Patel", "Iyer", "Reddy", "Singh", "Gupta", "Nair", "Rao", "Mehta", "Das"]),
    "CN": (["Wei", "Jing", "Hao", "Xin", "Yang", "Lei", "Ying", "Jun", "Mei", "Tao"],
           ["Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"]),
    "*": (["Alex", "Maria", "Omar", "Sofia", "Thanh", "Lucas", "Fatima", "Daniel", "Elena", "Hassan", "Nina", "Tomas"],
          ["Nguyen", "Garcia", "Khan", "Rossi", "Müller", "Martin", "Ahmed", "Silva", "Hosseini", "Okafor", "Tanaka", "Novak"]),
}

# Kept for the benchmarks (benchmarks/eligibility_pipeline.py builds its teams from it).
FIELDS = [
    "large language models", "reinforcement learning", "computer vision", "drug discovery", "protein design",
    "materials informatics", "hydrogen catalysis", "photovoltaics", "robotics", "medical imaging",
    "neuromorphic computing", "autonomous systems", "digital twins", "graph neural networks",
]

# Demo reviewers ---------------------------------------------------------------------------------------------------

REVIEWER_GIVEN_NAMES = ["Jiwon", "Hyejin", "Sungmin", "Eunji", "Donghyun", "Soyeon", "Taehoon", "Minji", "Youngho",
                        "Hana", "Peter", "Claire", "Rahul", "Mei", "Lars", "Ingrid", "Kenji", "Amara", "Paolo", "Sarah"]
REVIEWER_FAMILY_NAMES = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
                         "Kwon", "Schmidt", "Dubois", "Verma", "Chen", "Larsen", "Tanaka", "Okoye", "Romano", "Miller",
                         "Novak"]
# Where external reviewers work and took their PhD; applicants' pools below use the same spellings.
REVIEWER_INSTITUTIONS = [
    "Seoul National University", "Massachusetts Institute of Technology", "Stanford University",
    "University of California, Berkeley", "University of Cambridge", "Harvard University", "POSTECH",
    "Yonsei University", "Korea University", "ETH Zurich", "University of Tokyo", "National University of Singapore",
]
REVIEWERS_PER_TEAM = 5
# Team reviewers come first, team by team in this order (institute code, then team code), as selection/demo.py
# makes them.
REVIEWER_TEAM_ORDER = [code for code, *_rest in sorted(TEAMS, key=lambda team: (team[1], team[0]))]
TEAM_REVIEWER_COUNT = REVIEWERS_PER_TEAM * len(REVIEWER_TEAM_ORDER)
# External reviewers a co-author may be (seed_demo --reviewers 300 makes them all).
EXTERNAL_REVIEWER_RANGE = range(TEAM_REVIEWER_COUNT, 300)


def demo_reviewer_name(index: int) -> tuple[str, str]:
    """(given name, family name) of demo reviewer ``index``."""
    rng = random.Random(f"innocore-demo-reviewer-name-{index}")
    return rng.choice(REVIEWER_GIVEN_NAMES), rng.choice(REVIEWER_FAMILY_NAMES)


def team_reviewer_indexes(team_code: str) -> range:
    position = REVIEWER_TEAM_ORDER.index(team_code)
    return range(position * REVIEWERS_PER_TEAM, (position + 1) * REVIEWERS_PER_TEAM)


# Institutions -----------------------------------------------------------------------------------------------------

INSTITUTE_NAMES = {code: name_en for code, name_en, *_rest in INSTITUTES}
UNIVERSITIES = {
    "KR": ["KAIST", "Seoul National University", "POSTECH", "Yonsei University", "Korea University", "UNIST", "GIST",
           "DGIST", "Sungkyunkwan University", "Hanyang University"],
    "US": ["Massachusetts Institute of Technology", "Stanford University", "Harvard University",
           "University of California, Berkeley", "Carnegie Mellon University", "California Institute of Technology",
           "University of Michigan", "Georgia Institute of Technology", "University of Illinois Urbana-Champaign",
           "Cornell University", "Columbia University", "University of Washington"],
    "GB": ["University of Cambridge", "University of Oxford", "Imperial College London", "University College London"],
    "DE": ["Technical University of Munich", "RWTH Aachen University", "Heidelberg University",
           "Karlsruhe Institute of Technology"],
    "CH": ["ETH Zurich", "EPFL", "University of Zurich"],
    "FR": ["Sorbonne University", "École Polytechnique", "Paris-Saclay University"],
    "CA": ["University of Toronto", "McGill University", "University of British Columbia"],
    "JP": ["University of Tokyo", "Kyoto University", "Tokyo Institute of Technology", "Osaka University"],
    "SG": ["National University of Singapore", "Nanyang Technological University"],
    "AU": ["University of Melbourne", "Australian National University", "UNSW Sydney"],
    "IN": ["IIT Bombay", "IIT Delhi", "IIT Madras", "Indian Institute of Science", "IIT Kanpur"],
    "CN": ["Tsinghua University", "Peking University", "Zhejiang University", "Shanghai Jiao Tong University",
           "University of Science and Technology of China"],
    "VN": ["Vietnam National University, Hanoi", "Hanoi University of Science and Technology"],
    "PK": ["National University of Sciences and Technology", "Lahore University of Management Sciences"],
    "IR": ["Sharif University of Technology", "University of Tehran"],
    "BD": ["Bangladesh University of Engineering and Technology", "University of Dhaka"],
    "ID": ["Bandung Institute of Technology", "University of Indonesia"],
    "EG": ["Cairo University", "Alexandria University"],
    "NP": ["Tribhuvan University", "Kathmandu University"],
    "IT": ["Politecnico di Milano", "University of Bologna", "Sapienza University of Rome"],
    "ES": ["Polytechnic University of Catalonia", "Technical University of Madrid"],
    "TR": ["Middle East Technical University", "Boğaziçi University"],
    "NG": ["University of Lagos", "Obafemi Awolowo University"],
    "BR": ["University of São Paulo", "University of Campinas"],
    "MX": ["National Autonomous University of Mexico", "Monterrey Institute of Technology"],
    "ET": ["Addis Ababa University"],
    "MY": ["University of Malaya", "University of Technology Malaysia"],
    "PH": ["University of the Philippines Diliman", "Ateneo de Manila University"],
}
KOREAN_RESEARCH_INSTITUTES = ["Korea Institute of Science and Technology",
                              "Electronics and Telecommunications Research Institute",
                              "Korea Research Institute of Chemical Technology", "Korea Institute of Energy Research"]
KOREAN_INDUSTRY_LABS = ["Samsung Advanced Institute of Technology", "LG AI Research", "NAVER Cloud"]
# Returning Koreans took their PhD mostly in the US and the UK.
RETURNING_PHD_COUNTRY_WEIGHTS = {"US": 70, "GB": 10, "DE": 5, "CH": 4, "JP": 4, "CA": 3, "SG": 2, "FR": 2}
STUDY_ABROAD_WEIGHTS = {"US": 45, "GB": 12, "DE": 10, "CH": 6, "JP": 8, "SG": 6, "CA": 5, "FR": 5, "AU": 3}

# Research ---------------------------------------------------------------------------------------------------------

TEAM_KEYWORDS = {
    code: [k.strip() for k in keywords.split(",") if k.strip()] for code, _i, _en, _ko, keywords, _q in TEAMS
}
TEAM_NAMES = {code: name_en for code, _i, name_en, *_rest in TEAMS}
TEAM_INSTITUTES = {code: institute for code, institute, *_rest in TEAMS}
# How much each team is asked for as first choice (language models most).
TEAM_WEIGHTS = {"KAIST-LLM": 20, "KAIST-DRUG": 14, "GIST-ACE": 13, "DGIST-PAI": 12, "KAIST-ADM": 11, "UNIST-H2": 11,
                "KAIST-AERO": 10, "UNIST-SOLAR": 9}
# Second and third choices are teams next door in subject.
RELATED_TEAMS = {
    "KAIST-LLM": ["KAIST-DRUG", "KAIST-ADM", "GIST-ACE"], "KAIST-ADM": ["DGIST-PAI", "KAIST-AERO", "KAIST-LLM"],
    "KAIST-DRUG": ["GIST-ACE", "KAIST-LLM", "UNIST-H2"], "KAIST-AERO": ["KAIST-ADM", "UNIST-SOLAR", "DGIST-PAI"],
    "UNIST-H2": ["UNIST-SOLAR", "KAIST-DRUG", "KAIST-ADM"], "UNIST-SOLAR": ["UNIST-H2", "KAIST-AERO", "KAIST-ADM"],
    "DGIST-PAI": ["KAIST-ADM", "GIST-ACE", "KAIST-AERO"], "GIST-ACE": ["KAIST-DRUG", "DGIST-PAI", "KAIST-LLM"],
}
TEAM_FIELDS = {
    "KAIST-LLM": ["natural language processing", "machine learning", "computational linguistics"],
    "KAIST-ADM": ["smart manufacturing", "mechanical engineering", "industrial engineering"],
    "KAIST-DRUG": ["computational chemistry", "bioinformatics", "medicinal chemistry"],
    "KAIST-AERO": ["aerospace engineering", "control engineering", "remote sensing"],
    "UNIST-H2": ["electrochemistry", "materials science", "chemical engineering"],
    "UNIST-SOLAR": ["materials science", "semiconductor physics", "photovoltaics"],
    "DGIST-PAI": ["soft robotics", "neuromorphic engineering", "robotics"],
    "GIST-ACE": ["medical imaging", "biomedical engineering", "neuroscience"],
}
TEAM_TOPICS = {
    "KAIST-LLM": ["multi-step reasoning in large language models", "Korean language understanding with little data",
                  "aligning foundation models with human feedback", "retrieval-augmented question answering",
                  "efficient fine-tuning of foundation models"],
    "KAIST-ADM": ["generative design of lattice structures", "digital twins of injection moulding lines",
                  "robotic assembly planning", "process optimisation in additive manufacturing",
                  "defect detection on production lines"],
    "KAIST-DRUG": ["de novo molecular generation", "protein-ligand binding affinity prediction",
                   "protein structure refinement", "ADMET property prediction", "antibody design"],
    "KAIST-AERO": ["autonomous landing of fixed-wing drones", "segmentation of satellite images",
                   "fault-tolerant flight control", "path planning for drone swarms",
                   "orbit determination from sparse observations"],
    "UNIST-H2": ["electrocatalysts for the hydrogen evolution reaction", "high-throughput screening of catalysts",
                 "degradation of PEM electrolysers", "hydrogen storage in metal hydrides",
                 "operation of green hydrogen energy systems"],
    "UNIST-SOLAR": ["stability of perovskite solar cells", "radiation-hard photovoltaics for space",
                    "inverse design of tandem solar cells", "defect passivation in perovskite films",
                    "power beaming from orbit"],
    "DGIST-PAI": ["soft grippers with tactile sensing", "spiking neural networks on neuromorphic chips",
                  "bio-inspired electronic skin", "embodied agents that learn from demonstration",
                  "event-based vision sensors"],
    "GIST-ACE": ["early detection of Alzheimer's disease from MRI", "nanosensors for blood biomarkers",
                 "PET image reconstruction", "seizure prediction from EEG",
                 "multimodal biomarkers of Parkinson's disease"],
}
GENERIC_KEYWORDS = ["machine learning", "deep learning", "optimisation", "uncertainty quantification",
                    "graph neural networks", "transformers", "Bayesian inference"]
# A few applicants work outside every team's field: the eligibility check sends them to manual review.
OFF_TOPIC = {
    "field": ["quantum information", "econometrics", "climate science", "algebraic topology"],
    "keywords": ["quantum error correction", "computational economics", "climate modelling", "ocean acoustics",
                 "persistent homology", "time series"],
}
OFF_TOPIC_SHARE = 0.04
ADJECTIVES = ["Scalable", "Data-efficient", "Physics-informed", "Uncertainty-aware", "Interpretable", "Robust",
              "Self-supervised", "Multi-scale", "Differentiable", "Generative"]
APPROACHES = ["learning", "models", "graph neural networks", "transformers", "optimisation", "representations",
              "surrogate models", "simulation"]
OUTCOMES = ["cut the cost of experiments", "bring results from the lab into industry", "make predictions that "
            "experimentalists can trust", "scale to industrial data", "work with partners such as Samsung, LG AI "
            "Research and Naver"]

# Venues with the shape of their DOIs: {y} year, {yy} two-digit year, {n} digits.
GENERIC_VENUES = [("Nature Communications", "10.1038/s41467-0{yy}-{n5}-x"),
                  ("Scientific Reports", "10.1038/s41598-0{yy}-{n5}-w"), ("IEEE Access", "10.1109/ACCESS.{y}.{n7}")]
TEAM_VENUES = {
    "KAIST-LLM": [("Transactions of the Association for Computational Linguistics", "10.1162/tacl_a_{n5}"),
                  ("Proceedings of ACL", "10.18653/v1/{y}.acl-long.{n3}"),
                  ("Proceedings of EMNLP", "10.18653/v1/{y}.emnlp-main.{n3}"),
                  ("IEEE Transactions on Neural Networks and Learning Systems", "10.1109/TNNLS.{y}.{n7}")],
    "KAIST-ADM": [("Journal of Manufacturing Systems", "10.1016/j.jmsy.{y}.{n2}.{n3}"),
                  ("Additive Manufacturing", "10.1016/j.addma.{y}.{n6}"),
                  ("IEEE Robotics and Automation Letters", "10.1109/LRA.{y}.{n7}")],
    "KAIST-DRUG": [("Journal of Chemical Information and Modeling", "10.1021/acs.jcim.{yy}c{n5}"),
                   ("Bioinformatics", "10.1093/bioinformatics/btad{n3}"),
                   ("Nature Machine Intelligence", "10.1038/s42256-0{yy}-{n5}-x")],
    "KAIST-AERO": [("Journal of Guidance, Control, and Dynamics", "10.2514/1.G{n6}"),
                   ("IEEE Transactions on Aerospace and Electronic Systems", "10.1109/TAES.{y}.{n7}"),
                   ("Aerospace Science and Technology", "10.1016/j.ast.{y}.{n6}")],
    "UNIST-H2": [("ACS Energy Letters", "10.1021/acsenergylett.{yy}c{n5}"), ("Joule", "10.1016/j.joule.{y}.{n2}.{n3}"),
                 ("Advanced Materials", "10.1002/adma.{y}{n5}")],
    "UNIST-SOLAR": [("Nature Energy", "10.1038/s41560-0{yy}-{n5}-x"),
                    ("Advanced Energy Materials", "10.1002/aenm.{y}{n5}"),
                    ("ACS Energy Letters", "10.1021/acsenergylett.{yy}c{n5}")],
    "DGIST-PAI": [("Science Robotics", "10.1126/scirobotics.adf{n4}"), ("Soft Robotics", "10.1089/soro.{y}.{n4}"),
                  ("Nature Electronics", "10.1038/s41928-0{yy}-{n5}-x")],
    "GIST-ACE": [("Medical Image Analysis", "10.1016/j.media.{y}.{n6}"),
                 ("NeuroImage", "10.1016/j.neuroimage.{y}.{n6}"),
                 ("IEEE Transactions on Medical Imaging", "10.1109/TMI.{y}.{n7}"),
                 ("ACS Nano", "10.1021/acsnano.{yy}c{n5}")],
}

# People named in dossiers: advisors, referees, co-authors. No given name here is a demo reviewer's.
ADVISOR_NAMES = {
    "KR": (["Sangwoo", "Kyunghoon", "Jongwon", "Seokhyun", "Hyunjoo", "Byungchul", "Inkyu", "Wonjae", "Myungsoo"],
           ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon", "Ahn", "Song", "Hwang"]),
    "IN": (["Rajesh", "Sunita", "Anil", "Lakshmi", "Venkat", "Arvind"],
           ["Krishnan", "Banerjee", "Kulkarni", "Joshi", "Menon"]),
    "CN": (["Jianhua", "Xiaoming", "Hongbo", "Lina", "Guoqiang", "Yun"], ["Xu", "Sun", "Ma", "Zhu", "Hu", "Gao"]),
    "JP": (["Hiroshi", "Yuko", "Takashi", "Akira"], ["Suzuki", "Watanabe", "Ito", "Yamamoto"]),
    "west": (["Robert", "Jennifer", "Michael", "Katherine", "Thomas", "Anne", "Stefan", "Laura", "Markus", "Julia",
              "Pierre", "Giulia"],
             ["Anderson", "Whitfield", "Hoffmann", "Bernard", "Bianchi", "Fischer", "Thompson", "Clarke", "Weber",
              "Moreau", "Ricci", "Foster"]),
    "*": (["Ahmed", "Carlos", "Fatma", "Olusegun", "Ana", "Tran", "Reza", "Siti"],
          ["Hassan", "Oliveira", "Yilmaz", "Adeyemi", "Fernandez", "Pham", "Karimi", "Rahman"]),
}
WESTERN = frozenset({"US", "GB", "DE", "CH", "FR", "CA", "AU", "SG", "IT", "ES"})
# Co-authors by region, as (given names, family names).
COAUTHOR_NAMES = {
    "KR": (["Jisoo", "Yerin", "Kyungho", "Seungwoo", "Dahye", "Joonho", "Chaewon", "Gyuri"],
           ["Kim", "Lee", "Park", "Choi", "Jeon", "Baek", "Moon", "Ryu"]),
    "IN": (["Ravi", "Pooja", "Karthik", "Nisha"], ["Kumar", "Pillai", "Bose", "Chopra"]),
    "CN": (["Xiaoyu", "Zhiwei", "Ruoxi", "Bo"], ["Zhang", "Wang", "Deng", "Feng"]),
    "JP": (["Yuki", "Haruto", "Aoi"], ["Sato", "Kobayashi", "Nakamura"]),
    "west": (["Anna", "David", "Marco", "Laura", "Chloe", "Felix", "Emily", "Jonas"],
             ["Smith", "Becker", "Costa", "Brown", "Meyer", "Lambert", "Evans", "Keller"]),
    "*": (["Tuan", "Noura", "Mehmet", "Chinedu", "Lucia"], ["Tran", "Haddad", "Demir", "Eze", "Torres"]),
}
ADVISOR_IS_REVIEWER_SHARE = 0.12  # of PhDs from a host institute: advised by one of its team's reviewers
TEAM_REVIEWER_COAUTHOR_SHARE = 0.08
EXTERNAL_REVIEWER_COAUTHOR_SHARE = 0.05

# Outreach, domestic and overseas ----------------------------------------------------------------------------------

HEARD_VIA_DOMESTIC = {"colleague": 40, "linkedin": 15, "kosen": 10, "nature": 8, "science": 5, "other": 12}
HEARD_VIA_OVERSEAS = {"linkedin": 22, "nature": 12, "science": 8, "kosen": 8, "ksea": 8, "student_association": 8,
                      "session_boston": 4, "session_new_york": 3, "session_silicon_valley": 4, "colleague": 18,
                      "other": 5}
# Channels meant for Koreans abroad; a foreign national who drew one heard from a colleague instead.
KOREAN_CHANNELS = frozenset({"kosen", "ksea", "student_association"})
US_SESSIONS = frozenset({"session_boston", "session_new_york", "session_silicon_valley"})
HEARD_VIA_OTHER = ["The institute's website", "A university job board", "EURAXESS", "A post on X (Twitter)",
                   "A ministry press release"]

DRAFT_SHARE = 0.03
# Years between the PhD and the closing date, for those not newly graduated: about 16% are past 7 years.
YEARS_SINCE_PHD_WEIGHTS = {1: 14, 2: 16, 3: 15, 4: 13, 5: 11, 6: 10, 7: 7, 8: 5, 9: 3}
NEW_PHD_EXPECTED_SHARE = 0.25
SUBMITTED_WITHIN_HOURS = 13 * 24  # the demo call opened two weeks before it is seeded
REQUIRED_DOCUMENTS = tuple(DocumentKind.values)


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
    given_name, family_name = rng.choice(given_names), rng.choice(family_names)

    # A second generator for the dossier, so that the names above stay what they always were.
    rng = random.Random(f"innocore-demo-dossier-{index}")
    phd_country, phd_status, days_before_closing = _phd(rng, category, nationality)
    phd_institution = rng.choice(UNIVERSITIES[phd_country])
    phd_year = year - (days_before_closing // 365)
    if phd_institution in INSTITUTE_NAMES and rng.random() < ADVISOR_IS_REVIEWER_SHARE:
        teams_there = [code for code in REVIEWER_TEAM_ORDER if TEAM_INSTITUTES[code] == phd_institution]
        advisor = " ".join(demo_reviewer_name(rng.choice(team_reviewer_indexes(rng.choice(teams_there)))))
    else:
        advisor = _person(rng, phd_country)
    position, institution = _position(rng, category, phd_status, phd_institution, residence)
    # Some write a host institute's full name ("Korea Advanced Institute of Science and Technology", not "KAIST").
    written_phd_institution = (
        INSTITUTE_NAMES.get(phd_institution, phd_institution) if rng.random() < 0.3 else phd_institution
    )
    teams = _teams(rng)
    off_topic = rng.random() < OFF_TOPIC_SHARE
    field, keywords = _research(rng, teams, off_topic)
    topic = rng.choice(TEAM_TOPICS[teams[0]])
    author = f"{given_name} {family_name}"
    heard_via = _pick(rng, HEARD_VIA_OVERSEAS if residence != "KR" else HEARD_VIA_DOMESTIC)
    if (heard_via in KOREAN_CHANNELS and nationality != "KR") or (heard_via in US_SESSIONS and residence != "US"):
        heard_via = "colleague"
    is_draft = rng.random() < DRAFT_SHARE
    supervisor = _person(rng, residence if institution not in INSTITUTE_NAMES else "KR")
    referees = (
        _referee(rng, advisor, phd_institution, "PhD advisor", received=not is_draft),
        _referee(rng, supervisor if supervisor != advisor else _person(rng, "*"),
                 institution, "Thesis committee member" if phd_status == "expected" else "Current supervisor",
                 received=not is_draft),
    )
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
        publications=_publications(rng, author=author, advisor=advisor, teams=teams, category=category,
                                   phd_year=phd_year, phd_country=phd_country, year=year),
        referees=referees if not is_draft else referees[:1],
        heard_via=heard_via,
        heard_via_other=rng.choice(HEARD_VIA_OTHER) if heard_via == "other" else "",
        document_kinds=REQUIRED_DOCUMENTS if not is_draft else REQUIRED_DOCUMENTS[: rng.randint(0, 2)],
        is_draft=is_draft,
        submitted_hours_ago=0 if is_draft else rng.randint(1, SUBMITTED_WITHIN_HOURS),
    )
