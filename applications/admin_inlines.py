"""The parts of a dossier as admin inlines: frozen once the application is submitted, files always read-only.

Documents and letters arrive only through the upload pages (checked, hashed);
the admin shows them and links to the audited staff views, it never replaces them.
A referee's one-time link nonce and the storage names are never shown.
"""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.models import Application, CareerBreak, Document, Publication, Referee, TeamPreference


def _is_frozen(obj: Application | None) -> bool:
    """The parent application was submitted (or is not known): nothing of it may change."""
    return obj is None or obj.was_submitted


class FrozenWhenSubmittedInline(admin.TabularInline):
    """Editable on a draft, as the applicant could; read-only once submitted."""
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not _is_frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_frozen(obj) and super().has_delete_permission(request, obj)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TeamPreferenceInline(FrozenWhenSubmittedInline):
    model = TeamPreference
    fields = ["rank", "team"]


class PublicationInline(FrozenWhenSubmittedInline):
    model = Publication
    fields = ["position", "citation", "doi", "year"]


class CareerBreakInline(FrozenWhenSubmittedInline):
    model = CareerBreak
    fields = ["kind", "start", "end"]


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["kind", "original_name", "size", "pages", "sha256", "uploaded_at", "open_link"]

    @admin.display(description=_("file"))
    def open_link(self, obj: Document) -> str:
        url = reverse("applications_staff:document", args=[obj.application_id, obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("View (audited)"))


class RefereeInline(ReadOnlyInline):
    model = Referee
    fields = ["name", "email", "institution", "relationship", "status", "requested_at", "reminders_sent",
              "letter_received_at", "letter_link"]

    @admin.display(description=_("letter"))
    def letter_link(self, obj: Referee) -> str:
        if not obj.letter_storage_name:
            return "—"
        url = reverse("applications_staff:letter", args=[obj.application_id, obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("View (audited)"))
