"""Synthetic applicants shaped like the 2025 cohort (pure: no database).

The 400 fellows appointed in 2025 were 116 new domestic PhDs, 125 other
domestic researchers, 56 Korean researchers returning from abroad and 103
foreign nationals (26 from India, 18 from China): 159 of 400, about 40%,
overseas. Applicant `index` always gets the same profile, so seeding is
reproducible and idempotent.
"""
import random
from dataclasses import dataclass

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

FIELDS = [
    "large language models", "reinforcement learning", "computer vision", "drug discovery", "protein design",
    "materials informatics", "hydrogen catalysis", "photovoltaics", "robotics", "medical imaging",
    "neuromorphic computing", "autonomous systems", "digital twins", "graph neural networks",
]


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

    @property
    def is_overseas(self) -> bool:
        return self.country_of_residence != "KR"


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()), k=1)[0]


def synthetic_applicant(index: int) -> SyntheticApplicant:
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
    return SyntheticApplicant(
        index=index,
        email=f"demo-applicant-{index:05d}@demo.innocore.example",
        given_name=rng.choice(given_names),
        family_name=rng.choice(family_names),
        nationality=nationality,
        country_of_residence=residence,
        category=category,
        research_field=rng.choice(FIELDS),
    )
