# Two commands for a fresh machine (see README.md):
#   make run    install into .venv, create the SQLite demo and serve it at http://127.0.0.1:8000
#   make test   install into .venv and run the whole test suite
#   make load   deadline-day load benchmark on PostgreSQL + Redis + gunicorn + Celery (benchmarks/load, docs/benchmarks.md)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_APPLICATIONS ?= 1260
DEMO_REVIEWERS ?= 300
# Links in the demo's emails follow HOST and PORT (one address for the whole site).
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install install-dev demo messages bench load clean

$(VENV)/.installed: requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(PY) manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo --applications $(DEMO_APPLICATIONS) --reviewers $(DEMO_REVIEWERS)

run: demo
	@echo ""
	@echo "  InnoCORE Portal:  http://$(HOST):$(PORT)/"
	@echo "  Log in at:        http://$(HOST):$(PORT)/accounts/login/  (demo logins above)"
	@echo "  Staff admin:      http://$(HOST):$(PORT)/admin/"
	@echo ""
	@echo "  (demo: reviewers and staff are not forced to set up two-factor login; production forces it)"
	SITE_URL=$(SITE_URL) PORTAL_ENFORCE_MFA=0 PORTAL_EAGER_TASKS_IN_BACKGROUND=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

messages: install-dev
	$(PY) manage.py makemessages -l ko --ignore=.venv --ignore=var --no-obsolete
	$(PY) manage.py compilemessages -l ko --ignore=.venv

bench: install-dev
	$(PY) -m benchmarks.eligibility_engine --applications 100000
	$(PY) -m benchmarks.receipt --runs 20
	$(PY) -m benchmarks.assignment --sizes 1 10 100
	$(PY) -m benchmarks.ranking --sizes 1 10 --reference
	$(PY) -m benchmarks.match --sizes 10 100 --runs 7
	@echo "The eligibility pipeline needs PostgreSQL and Redis:"
	@echo "  DATABASE_URL=postgres://... REDIS_URL=redis://... $(PY) -m benchmarks.eligibility_pipeline --applications 10000 --workers 2"
	@echo "The dashboard needs PostgreSQL: $(PY) -m benchmarks.dashboard --applications 100000 --runs 7"

# LOAD_ARGS e.g. "--users 50 --run-time 1m"; DATABASE_URL and REDIS_URL default to innocore_load and Redis db 15.
load: install-dev
	$(PY) -m benchmarks.load $(LOAD_ARGS)

# Pin what is installed (after changing requirements*.txt and testing): a fresh machine then gets the same.
lock: install-dev
	{ sed -n 1,2p constraints.txt; $(PY) -m pip freeze --exclude-editable | grep -v '@ file'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf var
