"""/api/v1/applications/: staff read the applications they may see (each look audited); applicants read
theirs, start one, edit its sections and submit it through the pages' services (applications/api/sections.py).

Scope is the queryset: an application outside the caller's answers 404, as for an unknown id. Reviewers
read dossiers through their assignments' pages, not here (403).
"""
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from applications.api.audit import AuditedReadMixin
from applications.api.filters import ApplicationFilter
from applications.api.sections import (
    EDITABLE_SECTIONS, VALUES, form_errors, section_bound_form, section_values, section_values_rendered,
)
from applications.api.serializers import (
    ApplicationDetailSerializer, ApplicationSerializer, ApplicationStartSerializer, ErrorSerializer,
    SectionSaveSerializer, SectionSerializer, StaleSectionEditSerializer, SubmissionIncompleteSerializer,
)
from applications.errors import ApplicationLocked, SubmissionIncomplete
from applications.models import Application, TeamPreference
from applications.permissions import applications_visible_to_staff
from applications.selectors.dossier import section_fingerprint
from applications.services.dossier import application_section_save, application_start
from applications.services.dossier_access import VIA_API, dossier_view_record
from applications.services.submission import application_submit
from innocore.api.permissions import any_perm
from innocore.models import Call
from innocore.permissions import is_applicant, require_perm

OWN_ACTIONS = ("section", "submit")
SECTION_PARAMETER = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(EDITABLE_SECTIONS))


@extend_schema_view(
    list=extend_schema(summary="Applications: staff those they may see (submitted), applicants their own"),
    retrieve=extend_schema(summary="One application's dossier (text)"),
    create=extend_schema(summary="Start an application to an open call (applicants)",
                         request=ApplicationStartSerializer, responses={201: ApplicationDetailSerializer,
                                                                       200: ApplicationDetailSerializer}),
)
class ApplicationViewSet(AuditedReadMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [any_perm("innocore.view_staff_pages", "applications.start_application")]
    filterset_class = ApplicationFilter
    ordering_fields = ["created_at", "submitted_at", "reference"]

    def get_serializer_class(self):
        return ApplicationSerializer if self.action == "list" else ApplicationDetailSerializer

    def get_queryset(self):
        user = self.request.user
        queryset = Application.objects.select_related("call").prefetch_related(
            Prefetch("team_preferences", queryset=TeamPreference.objects.select_related("team")),
            "publications", "career_breaks",
        ).order_by("-created_at", "-id")
        if is_applicant(user):
            return queryset.filter(applicant=user)
        if self.action in OWN_ACTIONS:
            return queryset.none()
        return applications_visible_to_staff(user=user, queryset=queryset.filter(submitted_at__isnull=False))

    def get_object(self):
        application = super().get_object()
        perm = "applications.edit_application" if is_applicant(self.request.user) else "applications.view_dossier"
        if not self.request.user.has_perm(perm, application):
            raise Http404
        return application

    def audited_application(self, obj):
        return obj

    def record_retrieve(self, request, obj) -> None:
        if not is_applicant(request.user):
            dossier_view_record(application=obj, by=request.user, via=VIA_API)

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "applications.start_application")
        given = ApplicationStartSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        call = get_object_or_404(Call, code__iexact=given.validated_data["call"])
        existed = Application.objects.filter(call=call, applicant_id=request.user.pk).exists()
        try:
            application = application_start(call=call, applicant=request.user)
        except ValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        application = self.get_queryset().get(pk=application.pk)
        return Response(ApplicationDetailSerializer(application).data,
                        status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], summary="One section of the applicant's draft, with its version",
                   parameters=[SECTION_PARAMETER], responses={200: SectionSerializer})
    @extend_schema(methods=["PATCH"], summary="Save values of one section (based on its version)",
                   parameters=[SECTION_PARAMETER], request=SectionSaveSerializer, responses={
                       200: SectionSerializer, 409: StaleSectionEditSerializer, 400: OpenApiResponse(
                           description="Field errors, as the page's form gives them")})
    @action(detail=True, methods=["get", "patch"], url_path=r"sections/(?P<slug>[a-z_]+)")
    def section(self, request, pk=None, slug=None):
        if slug not in EDITABLE_SECTIONS:
            raise Http404
        application = self.get_object()
        if request.method == "GET":
            return Response(_section_answer(application, slug))
        envelope = SectionSaveSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        given = VALUES[slug](data=envelope.validated_data["values"])  # every value optional; nested ones whole
        given.is_valid(raise_exception=True)
        form = section_bound_form(application=application, slug=slug, version=envelope.validated_data["version"],
                                  values=given.validated_data)
        if not form.is_valid():
            return Response(form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        try:
            result = application_section_save(application=application, section=slug, data=form.cleaned_data,
                                              based_on=form.cleaned_data["version"], by=request.user)
        except ApplicationLocked as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        if result.saved:
            return Response(_section_answer(result.application, slug))
        return Response({
            "detail": _("This section was changed in another tab or window. Nothing was overwritten: both "
                        "versions are here, and yours is kept."),
            "section": slug, "version": result.fingerprint,
            "current": section_values_rendered(slug=slug, values=section_values(application=result.application,
                                                                                   slug=slug)),
            "yours": section_values_rendered(slug=slug, values={
                **section_values(application=result.application, slug=slug), **given.validated_data}),
        }, status=status.HTTP_409_CONFLICT)

    @extend_schema(summary="Submit the application: the page's checks, then frozen", request=None, responses={
        200: ApplicationDetailSerializer, 422: SubmissionIncompleteSerializer, 409: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self.get_object()
        try:
            application_submit(application=application, by=request.user)
        except SubmissionIncomplete as exc:
            return Response({
                "detail": _("The application is not complete; nothing was submitted."),
                "missing": [{"section": item.section, "message": str(item.message)} for item in exc.missing],
            }, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        except ValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        return Response(ApplicationDetailSerializer(self.get_queryset().get(pk=application.pk)).data)


def _section_answer(application: Application, slug: str) -> dict:
    return {"section": slug, "version": section_fingerprint(application=application, section=slug),
            "values": section_values_rendered(slug=slug, values=section_values(application=application, slug=slug))}
