"""/healthz: the web process's database, cache and broker, for load balancers and monitoring."""
import pytest
from django.urls import reverse

from innocore.celery import app

pytestmark = pytest.mark.django_db


def test_healthy_without_a_broker_the_demo_runs_tasks_in_process(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"db": "ok", "cache": "ok", "broker": "off", "status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_unreachable_cache_makes_it_unhealthy(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.CACHES = {"default": {"BACKEND": "innocore.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    response = client.get(reverse("healthz"))
    assert response.status_code == 503 and response.json()["cache"] == "error" and response.json()["db"] == "ok"


def test_an_unreachable_broker_makes_it_unhealthy(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    connect = app.connection_for_write
    monkeypatch.setattr(app, "connection_for_write", lambda: connect(url=settings.CELERY_BROKER_URL))
    response = client.get(reverse("healthz"))
    assert response.status_code == 503 and response.json()["broker"] == "error"


@pytest.mark.redis
def test_healthy_on_the_real_redis(client, settings):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.json() == {"db": "ok", "cache": "ok", "broker": "ok",
                                                               "status": "ok"}
