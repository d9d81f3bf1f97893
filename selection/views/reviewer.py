"""Reviewer pages: accept an invitation, complete the profile, see assignments, declare a conflict."""
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applications.models import Application
from innocore.forms import form_add_service_error
from innocore.models import UserRole
from selection.errors import InvitationLinkInvalid
from selection.forms import AcceptInvitationForm, DeclareConflictForm, ReviewerProfileForm
from selection.models import ReviewerProfile
from selection.selectors.assignment import reviewer_declarable_applications, reviewer_published_assignments
from selection.services.conflicts import conflict_declare
from selection.services.reviewers import invitation_from_token, reviewer_invitation_accept, reviewer_profile_update


def _own_profile(request: HttpRequest) -> ReviewerProfile:
    if request.user.role != UserRole.REVIEWER:
        raise PermissionDenied
    profile = ReviewerProfile.objects.select_related("user", "team").filter(user=request.user).first()
    if profile is None:
        raise PermissionDenied
    return profile


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_from_token(token=token)
    except InvitationLinkInvalid as exc:
        return render(request, "selection/invitation.html", {"problem": str(exc)}, status=410)
    form = AcceptInvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = reviewer_invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
            except ValidationError as exc:
                form.add_error("password1", exc.messages)
                status = 400
            except InvitationLinkInvalid as exc:
                return render(request, "selection/invitation.html", {"problem": str(exc)}, status=410)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! Please complete your reviewer profile."))
                return redirect("selection:reviewer_profile")
        else:
            status = 400
    return render(request, "selection/invitation.html", {"invitation": invitation, "form": form}, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    user = profile.user
    initial = {
        "first_name": user.first_name, "last_name": user.last_name, "team": profile.team_id,
        "institution": profile.institution, "phd_institution": profile.phd_institution, "phd_year": profile.phd_year,
        "orcid": user.orcid, "expertise": profile.expertise, "languages": profile.languages,
        "max_load": profile.max_load, "is_available": profile.is_available,
    }
    form = ReviewerProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reviewer_profile_update(profile=profile, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_add_service_error(form, exc)
                status = 400
            else:
                messages.success(request, _("Your reviewer profile has been saved."))
                return redirect("selection:my_assignments")
        else:
            status = 400
    return render(request, "selection/reviewer_profile.html", {"form": form, "profile": profile}, status=status)


@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    return render(request, "selection/my_assignments.html", {
        "profile": profile, "assignments": reviewer_published_assignments(reviewer=profile),
    })


@login_required
def declare_conflict(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    query = request.GET.get("q", "")
    status = 200
    if request.method == "POST":
        form = DeclareConflictForm(request.POST)
        application = None
        if form.is_valid():
            application = Application.objects.filter(pk=form.cleaned_data["application"]).first()
        if application is None:
            messages.error(request, _("That application does not exist."))
            status = 400
        else:
            try:
                conflict_declare(reviewer=profile, application=application, detail=form.cleaned_data["detail"],
                                 by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                status = 409
            else:
                messages.success(request, _("Thank you: you will not be asked to review %(name)s.") % {
                    "name": application.full_name or application.reference})
                return redirect("selection:my_assignments")
    return render(request, "selection/declare_conflict.html", {
        "profile": profile, "query": query, "results": reviewer_declarable_applications(query=query),
        "form": DeclareConflictForm(),
    }, status=status)
