"""Documents and letters in an S3-compatible object store, by configuration alone (issue 13).

The test starts a local S3 server (moto's server mode, on 127.0.0.1) and points the portal's
"documents" storage at it the way production does (innocore/settings.py, PORTAL_STORAGE=s3):
uploads and downloads go through the portal's own views, and the retention purge empties the bucket.
"""
import socket

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from applications.models import Referee
from applications.services.referees import referee_token
from applications.services.retention import applications_purge_expired
from applications.services.submission import application_submit
from tests.applications.dossiers import complete_application, pdf_upload, simple_pdf
from tests.applications.purging import close_long_ago, drive
from tests.factories import CallFactory, StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.s3]
BUCKET = "innocore-test-documents"
CREDENTIALS = {"aws_access_key_id": "test-key", "aws_secret_access_key": "test-secret", "region_name": "us-east-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_bucket(settings):
    """A local S3 server with one empty bucket; the portal's documents storage points at it."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server._port}"
    try:
        client = boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS)
        client.create_bucket(Bucket=BUCKET)
        s3 = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": BUCKET, "endpoint_url": endpoint, "region_name": CREDENTIALS["region_name"],
            "access_key": CREDENTIALS["aws_access_key_id"], "secret_key": CREDENTIALS["aws_secret_access_key"],
            "location": "portal", "default_acl": None, "file_overwrite": False}}
        settings.STORAGES = {**settings.STORAGES, "default": s3, "documents": s3}
        yield client
    finally:
        server.stop()


def bucket_keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_uploads_downloads_and_purge_go_through_the_object_store(client, s3_bucket, settings, tmp_path,
                                                                django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media-unused"
    call = CallFactory()
    application = complete_application(call=call)
    applicant = application.applicant
    keys_before = bucket_keys(s3_bucket)
    assert len(keys_before) == 3 and all(key.startswith("portal/applications/") for key in keys_before)

    # The applicant replaces their CV through the page; the referee uploads a letter through their link.
    client.force_login(applicant)
    cv = pdf_upload("new-cv.pdf", simple_pdf(2))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:documents", args=[application.pk]), {"kind": "cv", "file": cv})
    assert response.status_code == 302
    referee = Referee.objects.filter(application=application).first()
    client.logout()
    letter = simple_pdf(3)
    response = client.post(reverse("applications:referee_letter", args=[referee_token(referee=referee)]),
                           {"file": pdf_upload("letter.pdf", letter)})
    assert response.status_code in (200, 302)
    referee.refresh_from_db()
    assert referee.letter_storage_name and f"portal/{referee.letter_storage_name}" in bucket_keys(s3_bucket)
    assert len(bucket_keys(s3_bucket)) == 4  # the old CV went once the new one was saved
    assert not any(tmp_path.rglob("*.pdf"))

    # Downloads through the portal's views, which read from the store.
    client.force_login(applicant)
    document = application.documents.get(kind="cv")
    response = client.get(reverse("applications:document_download", args=[application.pk, document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == simple_pdf(2)
    application_submit(application=application, by=applicant)
    staff = StaffFactory()
    client.force_login(staff)
    response = client.get(reverse("applications_staff:letter", args=[application.pk, referee.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == letter

    # A file missing from the store is a 404, not a 500.
    s3_bucket.delete_object(Bucket=BUCKET, Key=f"portal/{referee.letter_storage_name}")
    response = client.get(reverse("applications_staff:letter", args=[application.pk, referee.pk]))
    assert response.status_code == 404

    drive(application, "withdrawn")
    close_long_ago(call)
    report = applications_purge_expired()
    assert report.count == 1 and report.files == 4
    assert bucket_keys(s3_bucket) == []


def test_settings_choose_the_store_from_the_environment(tmp_path):
    """PORTAL_STORAGE=s3 with AWS_* is all it takes; anything else than filesystem or s3 is refused."""
    import subprocess
    import sys

    from django.conf import settings

    code = ("from django.conf import settings; import django; django.setup(); "
            "from innocore.storage import documents_storage; s = documents_storage(); "
            "print(type(s).__name__, s.bucket_name, s.location)")
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "innocore.settings", "PORTAL_STORAGE": "s3",
           "AWS_STORAGE_BUCKET_NAME": "calls", "AWS_LOCATION": "innocore", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "STATIC_ROOT": str(tmp_path / "static")}
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.split() == ["S3Storage", "calls", "innocore"], result.stderr
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True,
                            env={**env, "PORTAL_STORAGE": "ftp"}, timeout=60)
    assert result.returncode != 0 and "PORTAL_STORAGE must be 'filesystem' or 's3'" in result.stderr
