"""The project as a whole: migrations, deployment checks, configuration errors, layering."""
import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def manage(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})},
    )


def sqlite_env(tmp_path) -> dict:
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "REDIS_URL": "", "CELERY_BROKER_URL": "",
            "MEDIA_ROOT": str(tmp_path / "media")}


def test_no_missing_migrations(tmp_path):
    result = manage("makemigrations", "--check", "--dry-run", env=sqlite_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_passes_with_production_settings(tmp_path):
    env = {
        **sqlite_env(tmp_path), "DEBUG": "0", "SECRET_KEY": "x" * 64 + "-production-like-secret-key-for-the-check",
        "ALLOWED_HOSTS": "portal.example.org",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_collectstatic_passes_with_production_settings(tmp_path):
    """The manifest storage refuses a static file that names a missing one (a vendored library's source map
    comment did: deploys would have failed at collectstatic)."""
    env = {
        **sqlite_env(tmp_path), "DEBUG": "0", "SECRET_KEY": "x" * 64 + "-production-like-secret-key-for-the-check",
        "ALLOWED_HOSTS": "portal.example.org", "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = manage("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert list((tmp_path / "static").glob("vendor/chartjs/chart-4.6.1.umd.min.*.js"))


def test_production_without_secret_key_is_a_one_line_error(tmp_path):
    result = manage("check", env={**sqlite_env(tmp_path), "DEBUG": "0", "SECRET_KEY": ""})
    assert result.returncode == 2
    assert result.stderr.strip() == "error: SECRET_KEY must be set when DEBUG is off"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("mysqlx://nobody@nowhere/db", "unsupported scheme 'mysqlx'"),
        ("not a url at all", "unsupported scheme ''"),
        ("postgres://postgres@127.0.0.1:1/nope", "port 1 failed"),
    ],
)
def test_an_invalid_database_url_ends_with_one_line(url, expected):
    result = manage("migrate", env={"DATABASE_URL": url})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], result.stderr


@pytest.mark.parametrize("value, message", [("-5", "must be 0 or more, not -5"), ("many", "whole number, not 'many'")])
def test_seed_demo_rejects_bad_counts_in_one_line(tmp_path, value, message):
    env = sqlite_env(tmp_path)
    assert manage("migrate", "-v0", env=env).returncode == 0
    result = manage("seed_demo", "--applications", value, env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_seed_demo_prints_the_logins(tmp_path):
    env = sqlite_env(tmp_path)
    assert manage("migrate", "-v0", env=env).returncode == 0
    result = manage("seed_demo", "--applications", "3", env=env)
    assert result.returncode == 0, result.stderr
    for login in ("applicant@demo.innocore.example", "reviewer@demo.innocore.example", "staff@demo.innocore.example"):
        assert login in result.stdout
    assert "3 created" in result.stdout


@pytest.mark.skipif(not (shutil.which("docker-compose") or shutil.which("docker")), reason="no compose client")
def test_docker_compose_file_parses():
    if shutil.which("docker-compose"):
        command = ["docker-compose", "config", "-q"]
    else:
        command = ["docker", "compose", "config", "-q"]
    env = {**os.environ, "SECRET_KEY": "for-parsing-only"}
    result = subprocess.run(command, cwd=BASE_DIR, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    text = (BASE_DIR / "docker-compose.yml").read_text()
    for service in ("web:", "worker:", "beat:", "db:", "redis:", "gunicorn"):
        assert service in text


LAYERS = {"innocore": {"applications", "selection"}, "applications": {"selection"}, "selection": set()}


def imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", sorted(LAYERS))
def test_dependencies_flow_one_way(app):
    """innocore <- applications <- selection; only innocore/urls.py names every app."""
    offenders = []
    for path in (BASE_DIR / app).rglob("*.py"):
        if path == BASE_DIR / "innocore" / "urls.py":
            continue
        forbidden = imported_top_level_modules(path) & LAYERS[app]
        if forbidden:
            offenders.append(f"{path.relative_to(BASE_DIR)} imports {sorted(forbidden)}")
    assert offenders == []


def test_korean_translations_are_complete_and_compiled():
    import polib

    folder = BASE_DIR / "locale" / "ko" / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    assert [e.msgid for e in po if not e.translated() and not e.obsolete] == []
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(folder / "django.mo"))}
    source = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}
    assert {k: v for k, v in source.items() if compiled.get(k) != v} == {}, "run `make messages` to recompile"


def test_every_string_in_the_code_is_in_the_korean_catalogue(tmp_path):
    """Extract the messages afresh from a copy of the tree: a string added without `make messages` fails here."""
    import polib

    for name in ("innocore", "applications", "selection", "templates", "locale"):
        shutil.copytree(BASE_DIR / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(BASE_DIR / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ko", "--no-obsolete", "--no-wrap"],
        cwd=tmp_path, check=True, capture_output=True, timeout=120,
    )
    catalogue = {(e.msgctxt, e.msgid) for e in polib.pofile(str(BASE_DIR / "locale/ko/LC_MESSAGES/django.po"))
                 if e.translated() and not e.obsolete}
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(tmp_path / "locale/ko/LC_MESSAGES/django.po"))
                 if not e.obsolete}
    missing = sorted(extracted - catalogue, key=str)
    assert missing == [], f"{len(missing)} strings not translated; run `make messages` and translate: {missing[:10]}"
