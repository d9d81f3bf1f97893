"""What the API shows of an application, and the envelopes of the applicant's writes."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from applications.api.sections import EDITABLE_SECTIONS
from applications.models import Application, HeardVia, PhdStatus


class ApplicationSerializer(serializers.ModelSerializer):
    call = serializers.CharField(source="call.code", read_only=True)
    nationality = serializers.CharField(source="nationality.code", read_only=True)
    country_of_residence = serializers.CharField(source="country_of_residence.code", read_only=True)
    teams = serializers.SerializerMethodField(help_text="Team codes, first choice first.")
    # Declared: a read-only model field loses allow_blank, and the schema would then refuse "" (schemathesis).
    heard_via = serializers.ChoiceField(choices=HeardVia.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id", "reference", "call", "status", "given_name", "family_name", "nationality", "country_of_residence",
            "current_position", "current_institution", "research_field", "teams", "heard_via", "created_at",
            "updated_at", "submitted_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_teams(self, application: Application) -> list[str]:
        return [p.team.code for p in sorted(application.team_preferences.all(), key=lambda p: p.rank)]


class PublicationSerializer(serializers.Serializer):
    citation = serializers.CharField()
    doi = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)


class CareerBreakSerializer(serializers.Serializer):
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class ApplicationDetailSerializer(ApplicationSerializer):
    """The whole dossier's text (documents and letters are files, served by the pages)."""
    phd_country = serializers.CharField(source="phd_country.code", read_only=True)
    phd_status = serializers.ChoiceField(choices=PhdStatus.choices, allow_blank=True, read_only=True)
    publications = PublicationSerializer(many=True, read_only=True)
    career_breaks = CareerBreakSerializer(many=True, read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = ApplicationSerializer.Meta.fields + [
            "version", "date_of_birth", "phd_institution", "phd_country", "phd_status", "phd_date", "phd_advisor",
            "keywords", "research_summary", "research_plan", "heard_via_other", "publications", "career_breaks",
            "consent_collection_at", "consent_overseas_transfer_at", "withdrawn_at", "submitted_sha256",
        ]
        read_only_fields = fields


class ApplicationStartSerializer(serializers.Serializer):
    call = serializers.CharField(max_length=32, help_text="The code of an open call")


class SectionSerializer(serializers.Serializer):
    section = serializers.ChoiceField(choices=EDITABLE_SECTIONS, read_only=True)
    version = serializers.CharField(read_only=True, help_text="Send it back with your changes.")
    values = serializers.DictField(read_only=True, help_text="The section's values, as the page shows them.")


class SectionSaveSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=64, help_text="The version your changes are based on.")
    values = serializers.DictField(help_text=(
        "Only the values to change. personal: given_name, family_name, nationality, country_of_residence, "
        "date_of_birth; phd: phd_institution, phd_country, phd_status, phd_date, phd_advisor; position: "
        "current_position, current_institution; research: research_field, keywords, research_summary, "
        "research_plan; outreach: heard_via, heard_via_other; teams: teams (codes); publications: publications "
        "(citations); career_breaks: career_breaks ([{kind, start, end}]); consents: consent_collection, "
        "consent_overseas_transfer (booleans)."))


class StaleSectionEditSerializer(serializers.Serializer):
    detail = serializers.CharField()
    section = serializers.CharField()
    version = serializers.CharField(help_text="The section's version now.")
    current = serializers.DictField(help_text="The values saved meanwhile (from another tab or client).")
    yours = serializers.DictField(help_text="Your values, not applied but kept.")


class MissingItemSerializer(serializers.Serializer):
    section = serializers.CharField()
    message = serializers.CharField()


class SubmissionIncompleteSerializer(serializers.Serializer):
    detail = serializers.CharField()
    missing = MissingItemSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
