"""The REST API's common parts (authentication, errors, paging, throttling, permissions) and the calls and teams.

Each app keeps its own endpoints in ``<app>/api/``; innocore/urls.py mounts them all under ``/api/v1/``.
"""
