"""What the API shows of calls, institutes and teams (public programme data, for logged-in users)."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innocore.models import Call, Institute, ResearchTeam
from innocore.models.call import CallStatus


class InstituteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institute
        fields = ["code", "name_en", "name_ko"]


class CallSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=CallStatus.choices, read_only=True,
                                     help_text="upcoming, open or closed, by the server's clock")

    class Meta:
        model = Call
        fields = [
            "code", "title_en", "title_ko", "description_en", "description_ko", "opens_at", "closes_at", "status",
            "appointment_starts_on", "total_quota", "salary_krw", "research_funding_krw", "budget_krw",
            "contract_years", "asks_date_of_birth", "document_max_mb",
        ]


class TeamQuotaSerializer(serializers.Serializer):
    call = serializers.CharField(source="call.code")
    quota = serializers.IntegerField()


class TeamSerializer(serializers.ModelSerializer):
    institute = InstituteSerializer()
    quotas = serializers.SerializerMethodField(help_text="The team's slots in each call it takes part in.")

    class Meta:
        model = ResearchTeam
        fields = ["code", "name_en", "name_ko", "institute", "keywords", "quotas"]

    @extend_schema_field(TeamQuotaSerializer(many=True))
    def get_quotas(self, team: ResearchTeam) -> list[dict]:
        """The prefetched quotas (only the filtered call's when the list is filtered by call)."""
        return TeamQuotaSerializer(team.listed_quotas, many=True).data
