"""Deadline day, as locust users (run by ``python -m benchmarks.load``, which sets the environment).

Every request goes through "one reverse proxy": it carries the X-Forwarded-For of its user (a distinct
address per user) and X-Forwarded-Proto: https, as a TLS-terminating proxy in front of gunicorn sends them;
the server runs with PORTAL_TRUSTED_PROXIES=1. Users:

- ApplicantUser: logs in, opens the application, types in the research and position sections with an
  autosave every few seconds (the X-Autosave path), ticks the consents, uploads the list of publications
  (a PDF) and submits, then looks at the status page now and then;
- RefereeUser: opens a letter link and uploads the letter (a PDF);
- ReviewerUser: logs in, confirms no conflict, reads the dossier and scores it (review autosaves);
- StaffUser: the selection overview and the ranking of the call.
- HomeUser and AutosaveUser (only when named on the command line): no waiting, for the capacity phases.

Each autosave answered 200 is written as one JSON line to $LOAD_SAVES; fixture.py verify compares them
with the database afterwards.
"""
import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, constant, task

FIXTURE = json.loads(open(os.environ["LOAD_FIXTURE"]).read())
SAVES = open(os.environ["LOAD_SAVES"], "a", buffering=1)
_SAVES_LOCK = threading.Lock()
PDF = open(os.environ["LOAD_PDF"], "rb").read()
_applicants = iter(FIXTURE["applicants"])
_referee_links = iter(FIXTURE["referee_links"])
_reviewers = itertools.cycle(FIXTURE["reviewers"] or [None])
_addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))
VERSION = re.compile(r'name="version" value="([^"]*)"')
SCORE_FIELD = re.compile(r'name="(score_[a-z0-9_]+)" value="(\d+)"')
WORDS = ("graph", "neural", "protein", "battery", "quantum", "robot", "climate", "sensor", "catalysis", "vision")


class PortalUser(HttpUser):
    abstract = True
    address = ""

    def on_start(self) -> None:
        self.address = next(_addresses)

    def headers(self, path: str, **extra) -> dict:
        """What the proxy adds, and what a browser's form post carries (CSRF token, same-origin Referer).

        The browser talks HTTPS to the proxy, so it sends the portal's Secure cookies; locust talks plain HTTP to
        gunicorn behind it and would not: the Cookie header is written here. A proxy opens a connection to gunicorn
        per request (nginx's default upstream HTTP/1.0); a kept-alive connection that gunicorn closes after its
        2 s keep-alive while the user pauses would otherwise fail the next request ("connection reset")."""
        csrf = self.client.cookies.get("csrftoken", "")
        return {"Cookie": "; ".join(f"{c.name}={c.value}" for c in self.client.cookies), "Connection": "close","X-Forwarded-For": self.address, "X-Forwarded-Proto": "https", "X-CSRFToken": csrf,
                "Referer": f"https://{self.host.split('://', 1)[1]}{path}", **extra}

    def get(self, path: str, name: str, **kwargs):
        return self.client.get(path, name=name, headers=self.headers(path), **kwargs)

    def post(self, path: str, name: str, **kwargs):
        headers = self.headers(path, **kwargs.pop("headers", {}))
        return self.client.post(path, name=name, headers=headers, **kwargs)

    def login(self, email: str, password: str) -> bool:
        self.get("/accounts/login/", "login page")
        with self.post("/accounts/login/", "login", data={"login": email, "password": password},
                       allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")
                return False
        return True


class Applicant(PortalUser):
    """An applicant's login and autosaves (locust adds a base class's tasks to its subclasses': none here)."""
    abstract = True

    def on_start(self) -> None:
        super().on_start()
        self.account = next(_applicants, None)
        self.pk = self.account["application"] if self.account else None
        self.logged_in = bool(self.account) and self.login(self.account["email"], self.account["password"])
        self.saves_left = random.randint(15, 40)
        self.submitted = False
        self.versions: dict[str, str] = {}
        self.text = ""

    def open_section(self, slug: str) -> None:
        response = self.get(f"/apply/{self.pk}/section/{slug}/", "section page")
        found = VERSION.search(response.text or "")
        if found:
            self.versions[slug] = found.group(1)

    def autosave(self, slug: str, values: dict, *, record: bool = True) -> None:
        if slug not in self.versions:
            self.open_section(slug)
        path = f"/apply/{self.pk}/section/{slug}/"
        with self.post(path, "autosave", data={"version": self.versions.get(slug, ""), **values},
                       headers={"X-Autosave": "1"}, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"autosave answered {response.status_code}: {(response.text or '')[:200]}")
                self.versions.pop(slug, None)
                return
            self.versions[slug] = response.json()["version"]
        if record:
            with _SAVES_LOCK:
                SAVES.write(json.dumps({"application": self.pk, "section": slug, "values": values}) + "\n")

    def type_a_little(self) -> None:
        if random.random() < 0.25:
            self.autosave("position", {"current_position": random.choice(["Postdoctoral researcher", "Research fellow"]),
                                       "current_institution": f"Institute {random.randint(1, 999)}"})
            return
        self.text = (self.text + " " + " ".join(random.choices(WORDS, k=8))).strip()[-2900:]
        self.autosave("research", {"research_field": "AI convergence", "keywords": ", ".join(random.sample(WORDS, 4)),
                                   "research_summary": self.text, "research_plan": self.text + " Plan."})


class ApplicantUser(Applicant):
    weight = 85
    wait_time = between(2, 5)  # typing between two autosaves

    @task
    def deadline_day(self) -> None:
        if not self.logged_in:
            self.get("/", "home")
            return
        if self.submitted:
            self.get(f"/apply/{self.pk}/status/", "status page")
            return
        if self.saves_left > 0:
            self.saves_left -= 1
            self.type_a_little()
            return
        self.autosave("consents", {"consent_collection": "on", "consent_overseas_transfer": "on"}, record=False)
        self.get(f"/apply/{self.pk}/documents/", "documents page")
        self.post(f"/apply/{self.pk}/documents/", "upload", data={"kind": "publication_list"},
                  files={"file": ("publications.pdf", PDF, "application/pdf")})
        self.get(f"/apply/{self.pk}/submit/", "submit page")
        with self.post(f"/apply/{self.pk}/submit/", "submit", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"submit answered {response.status_code}")
        self.submitted = True


class RefereeUser(PortalUser):
    weight = 3
    wait_time = between(5, 10)

    @task
    def upload_letter(self) -> None:
        link = next(_referee_links, None)
        if link is None:
            self.get("/", "home")
            return
        self.get(link, "referee page")
        self.post(link, "referee upload", files={"file": ("letter.pdf", PDF, "application/pdf")})


class ReviewerUser(PortalUser):
    weight = 10
    wait_time = between(3, 8)  # reading and scoring

    def on_start(self) -> None:
        super().on_start()
        self.account = next(_reviewers)
        self.logged_in = bool(self.account) and self.login(self.account["email"], self.account["password"])
        self.pks = itertools.cycle(self.account["applications"]) if self.account else None

    @task
    def score(self) -> None:
        if not self.logged_in:
            self.get("/", "home")
            return
        pk = next(self.pks)
        self.post(f"/review/{pk}/start/", "review start", data={"decision": "confirm"},
                  allow_redirects=False)
        self.get(f"/review/{pk}/", "review dossier")
        page = self.get(f"/review/{pk}/scores/", "review form").text or ""
        version = VERSION.search(page)
        scores = {}
        for field, value in SCORE_FIELD.findall(page):
            scores.setdefault(field, []).append(value)
        data = {field: random.choice(values) for field, values in scores.items()}
        data.update(version=version.group(1) if version else "1", recommendation="", confidence=str(random.randint(1, 5)),
                    comment_to_staff="Solid plan; " + " ".join(random.choices(WORDS, k=12)))
        self.post(f"/review/{pk}/scores/", "review autosave", data=data, headers={"X-Autosave": "1"})


class StaffUser(PortalUser):
    weight = 2
    wait_time = between(5, 15)

    def on_start(self) -> None:
        super().on_start()
        staff = FIXTURE["staff"]
        self.logged_in = self.login(staff["email"], staff["password"])

    @task(3)
    def overview(self) -> None:
        self.get("/staff/", "staff overview")

    @task(2)
    def ranking(self) -> None:
        self.get(f"/staff/calls/{FIXTURE['call']}/ranking/", "ranking")


class HomeUser(PortalUser):
    """Capacity phase: the home page (the cheapest existing page) as fast as the server answers."""
    weight = 1  # run only when named on the command line (the capacity phases)
    wait_time = constant(0)

    @task
    def home(self) -> None:
        self.get("/", "home")


class AutosaveUser(Applicant):
    """Capacity phase: autosaves as fast as the server answers (no typing pauses, no submission)."""
    weight = 1  # run only when named on the command line (the capacity phases)
    wait_time = constant(0)

    @task
    def deadline_day(self) -> None:
        if self.logged_in:
            self.type_a_little()
