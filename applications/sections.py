"""The sections of the application form, in the order the applicant sees them."""
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    title: str | Promise
    fields: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section("personal", _("Personal details"), ("given_name", "family_name", "nationality", "country_of_residence",
                                                 "date_of_birth")),
    Section("phd", _("PhD"), ("phd_institution", "phd_country", "phd_status", "phd_date", "phd_advisor")),
    Section("career_breaks", _("Career breaks")),
    Section("position", _("Current position"), ("current_position", "current_institution")),
    Section("research", _("Research"), ("research_field", "keywords", "research_summary", "research_plan")),
    Section("teams", _("Team preferences")),
    Section("publications", _("Publications")),
    Section("outreach", _("How you heard of us"), ("heard_via", "heard_via_other")),
    Section("documents", _("Documents")),
    Section("referees", _("Referees")),
    Section("consents", _("Consents")),
)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}
