"""What the API shows of reviews and of the published decisions (offers)."""
from rest_framework import serializers

from selection.models import Offer, Recommendation, Review


class ReviewSerializer(serializers.ModelSerializer):
    """A reviewer's own review (the reviewer is the caller)."""
    application = serializers.IntegerField(source="application_id", read_only=True)
    reference = serializers.CharField(source="application.reference", read_only=True)
    call = serializers.CharField(source="application.call.code", read_only=True)
    # Declared: a read-only model field loses allow_blank, and the schema would then refuse "" (schemathesis).
    recommendation = serializers.ChoiceField(choices=Recommendation.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Review
        fields = ["id", "application", "reference", "call", "status", "scores", "recommendation", "confidence",
                  "comment_to_staff", "note_to_applicant", "version", "updated_at", "submitted_at", "reopened_at"]
        read_only_fields = fields


class StaffReviewSerializer(ReviewSerializer):
    """A review as staff read it: with who wrote it."""
    reviewer = serializers.IntegerField(source="reviewer_id", read_only=True)
    reviewer_name = serializers.SerializerMethodField()

    class Meta(ReviewSerializer.Meta):
        fields = ReviewSerializer.Meta.fields + ["reviewer", "reviewer_name"]
        read_only_fields = fields

    def get_reviewer_name(self, review: Review) -> str:
        return str(review.reviewer.user)


class OfferSerializer(serializers.ModelSerializer):
    call = serializers.CharField(source="call.code", read_only=True)
    team = serializers.CharField(source="team.code", read_only=True)
    institute = serializers.CharField(source="team.institute.code", read_only=True)
    application = serializers.IntegerField(source="application_id", read_only=True)
    reference = serializers.CharField(source="application.reference", read_only=True)
    given_name = serializers.CharField(source="application.given_name", read_only=True)
    family_name = serializers.CharField(source="application.family_name", read_only=True)

    class Meta:
        model = Offer
        fields = ["id", "call", "team", "institute", "application", "reference", "given_name", "family_name",
                  "status", "rank", "choice", "sent_at", "respond_by", "responded_at"]
        read_only_fields = fields
