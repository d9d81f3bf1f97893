"""The admin of applications: the status never editable, a submitted dossier frozen, every look audited."""
import pytest
from django import forms
from django.urls import reverse

from applications.models import Application
from applications.services.submission import application_submit
from innocore.models import AuditAction, AuditEntry
from tests.applications.dossiers import complete_application
from tests.factories import CallFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

IP = "198.51.100.4"


def form_data(response) -> dict:
    """What the browser would post back from an admin change page, every field as shown."""
    data: dict = {}

    def add(form) -> None:
        for name in form.fields:
            bound = form[name]
            value, widget = bound.value(), bound.field.widget
            if isinstance(widget, forms.MultiWidget):
                parts = value if isinstance(value, list | tuple) else widget.decompress(value)
                data.update({f"{bound.html_name}_{i}": part for i, part in enumerate(parts) if part is not None})
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif value is not None:
                data[bound.html_name] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def change_url(application) -> str:
    return reverse("admin:applications_application_change", args=[application.pk])


def submitted():
    owner = UserFactory()
    return application_submit(application=complete_application(call=CallFactory(), applicant=owner), by=owner)


def test_a_submitted_application_is_read_only_and_its_frozen_fields_cannot_be_changed(client):
    application = submitted()
    frozen = Application.objects.values().get(pk=application.pk)
    client.force_login(StaffFactory())
    page = client.get(change_url(application))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="given_name"' not in html and 'name="status"' not in html and 'name="submitted_sha256"' not in html
    assert application.submitted_sha256 in html and "Lovelace" in html  # shown, not editable
    data = {"given_name": "Mallory", "family_name": "X", "status": "draft", "reference": "HACKED",
            "submitted_sha256": "0" * 64, "version": "99", "submitted_at_0": "2020-01-01", "submitted_at_1": "00:00",
            "applicant": UserFactory().pk, "call": CallFactory().pk, "research_plan": "Another plan"}
    response = client.post(change_url(application), data)
    assert response.status_code == 403
    assert Application.objects.values().get(pk=application.pk) == frozen


@pytest.mark.parametrize("then", ["info_requested", "withdrawn"])
def test_an_application_submitted_once_stays_frozen_when_re_opened_or_withdrawn(client, then):
    from applications.services.information import application_information_request
    from applications.services.submission import application_withdraw

    application = submitted()
    staff = StaffFactory()
    if then == "info_requested":
        application_information_request(application=application, message="Add your thesis.", by=staff)
    else:
        application_withdraw(application=application, by=application.applicant)
    frozen = Application.objects.values().get(pk=application.pk)
    client.force_login(staff)
    assert 'name="given_name"' not in client.get(change_url(application)).content.decode()
    assert client.post(change_url(application), {"given_name": "Mallory"}).status_code == 403
    assert client.get(reverse("admin:applications_application_delete", args=[application.pk])).status_code == 403
    assert Application.objects.values().get(pk=application.pk) == frozen


def test_a_submitted_application_cannot_be_deleted_in_the_admin(client):
    application = submitted()
    client.force_login(StaffFactory())
    delete_url = reverse("admin:applications_application_delete", args=[application.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:applications_application_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [application.pk], "post": "yes"})
    assert Application.objects.filter(pk=application.pk).exists()
    assert b"delete_selected" not in client.get(changelist).content


def test_the_status_is_never_editable_even_on_a_draft(client):
    application = complete_application(call=CallFactory())
    client.force_login(StaffFactory())
    page = client.get(change_url(application))
    assert page.status_code == 200 and "status" not in page.context["adminform"].form.fields
    data = form_data(page) | {"status": "submitted", "given_name": "Grace", "reference": "HACKED",
                              "submitted_sha256": "f" * 64}
    response = client.post(change_url(application), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    application.refresh_from_db()
    assert application.given_name == "Grace"  # a draft's own fields stay editable
    assert (application.status, application.submitted_sha256) == ("draft", "")
    assert application.reference != "HACKED"


def test_applications_are_not_added_in_the_admin(client):
    client.force_login(StaffFactory())
    assert client.get(reverse("admin:applications_application_add")).status_code == 403


def test_opening_an_application_in_the_admin_records_a_dossier_view(client):
    application = submitted()
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get(change_url(application), REMOTE_ADDR=IP).status_code == 200
    row = AuditEntry.objects.get(action=AuditAction.DOSSIER_VIEW)
    assert (row.actor_id, row.ip_address, row.target_id, row.target_label, row.call_code, row.data) == (
        staff.pk, IP, str(application.pk), application.reference, application.call.code, {"via": "admin"})
    client.get(reverse("admin:applications_application_changelist"))
    assert AuditEntry.objects.filter(action=AuditAction.DOSSIER_VIEW).count() == 1


def test_documents_and_referees_are_shown_read_only_without_secrets(client):
    application = submitted()
    referee = application.referees.first()
    assert referee.token_nonce
    client.force_login(StaffFactory())
    html = client.get(change_url(application)).content.decode()
    assert referee.email in html and referee.token_nonce not in html
    document = application.documents.first()
    assert document.storage_name not in html
    assert reverse("applications_staff:document", args=[application.pk, document.pk]) in html
    assert 'name="documents-0-kind"' not in html and 'name="referees-0-email"' not in html
