"""Issue 9 item 6: pages and downloads with personal data are never stored by a browser or a proxy."""
import pytest
from django.urls import reverse

from tests.applications.dossiers import complete_application
from tests.factories import CallFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def assert_not_stored(response):
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= cache_control, response.get("Cache-Control")
    assert response["Pragma"] == "no-cache"


def assert_cacheable(response):
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response


def test_every_page_a_signed_in_user_sees_is_not_stored(client):
    client.force_login(UserFactory())
    for url in ["/", reverse("profile"), reverse("applications:mine"), "/no-such-page/"]:
        assert_not_stored(client.get(url))


def test_staff_pages_and_the_admin_are_not_stored(client):
    client.force_login(StaffFactory())
    for url in [reverse("selection:overview"), reverse("admin:index")]:
        assert_not_stored(client.get(url))


def test_document_downloads_and_the_data_export_are_not_stored(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owner = UserFactory()
    application = complete_application(call=CallFactory(), applicant=owner)
    client.force_login(owner)
    document = application.documents.first()
    for url in [
        reverse("applications:document_download", args=[application.pk, document.pk]),
        reverse("applications:receipt", args=[application.pk]),
        reverse("applications:personal_data"),
    ]:
        assert_not_stored(client.get(url))


def test_a_page_reached_through_a_signed_link_is_not_stored_though_nobody_is_signed_in(client):
    assert_not_stored(client.get(reverse("applications:referee_letter", args=["not-a-valid-token"])))


def test_anonymous_public_pages_stay_cacheable(client):
    CallFactory()
    assert_cacheable(client.get("/"))


def test_static_files_stay_cacheable_for_signed_in_users(client, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(UserFactory())
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert_cacheable(response)
