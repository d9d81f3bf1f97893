"""The pools and shares the synthetic applicants are drawn from (``applications.demo_profiles``): names,
universities per country, team topics and venues, how people heard of the programme, and the 2025
cohort's proportions. Data only, apart from the two helpers that name the demo reviewers.
"""
import random

from applications.documents.validation import DocumentKind
from innocore.demo import INSTITUTES, TEAMS
from innocore.text import split_list

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
    code: split_list(keywords) for code, _i, _en, _ko, keywords, _q in TEAMS
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
