"""The Celery application: JSON only, late acknowledgement, tasks found in every app."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocore.settings")

app = Celery("innocore")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
