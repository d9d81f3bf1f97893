"""Where uploaded files live: Django's storage API, so that the backend is a matter of settings.

The portal writes and reads documents and referees' letters only through
``storages[DOCUMENTS_STORAGE]``: the local disk by default (MEDIA_ROOT, outside the web
root), or any S3-compatible object store with ``PORTAL_STORAGE=s3`` and the ``AWS_*``
settings (django-storages; see docs/deploy.md). Files are always served through the
portal's own views, which check who asks: the store is never public.
"""
from django.core.files.storage import Storage, storages

DOCUMENTS_STORAGE = "documents"


def documents_storage() -> Storage:
    return storages[DOCUMENTS_STORAGE]
