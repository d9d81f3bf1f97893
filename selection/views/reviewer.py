"""Reviewer pages: accept an invitation, complete the profile, see what is left to review, declare a conflict."""
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.models import Application
from applications.services.dossier_access import applicant_list_view_record
from innocore.forms import form_add_service_error
from innocore.permissions import require_perm
from selection.errors import ConflictOfInterestNotDeclarable, InvitationLinkInvalid
from selection.forms import AcceptInvitationForm, DeclareConflictOfInterestForm, ReviewerProfileForm
from selection.models import ReviewerProfile
from selection.selectors.assignment import declarable_applications, reviewer_declarable_applications
from selection.selectors.reviews import reviewer_home
from selection.services.conflicts_of_interest import conflict_of_interest_declare
from selection.services.reviewers import (
    invitation_from_token,
    invitation_needs_password,
    reviewer_invitation_accept,
    reviewer_invitation_confirm,
    reviewer_profile_update,
)


def _own_profile(request: HttpRequest) -> ReviewerProfile:
    require_perm(request.user, "selection.view_reviewer_pages")
    profile = ReviewerProfile.objects.select_related("user", "team").filter(user=request.user).first()
    if profile is None:
        raise PermissionDenied
    return profile


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A new account chooses its password here; an existing one logs in the normal way and confirms."""
    try:
        invitation = invitation_from_token(token=token)
    except InvitationLinkInvalid as exc:
        return render(request, "selection/invitation.html", {"problem": str(exc)}, status=410)
    if not invitation_needs_password(invitation=invitation):
        return _invitation_confirm(request, invitation)
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
                # A new account has no second factor yet; the middleware sends reviewers to set one up.
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! Please complete your reviewer profile."))
                return redirect("selection:reviewer_profile")
        else:
            status = 400
    return render(request, "selection/invitation.html", {"invitation": invitation, "form": form}, status=status)


def _invitation_confirm(request: HttpRequest, invitation) -> HttpResponse:
    context = {"invitation": invitation, "existing_account": True,
               "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}"}
    if not request.user.is_authenticated:
        return render(request, "selection/invitation.html", context, status=403 if request.method == "POST" else 200)
    if request.method == "POST":
        try:
            reviewer_invitation_confirm(invitation=invitation, by=request.user)
        except InvitationLinkInvalid as exc:
            return render(request, "selection/invitation.html", {"problem": str(exc)}, status=410)
        except ValidationError as exc:
            return render(request, "selection/invitation.html", {"problem": " ".join(exc.messages)}, status=403)
        messages.success(request, _("Thank you for accepting. Please check your reviewer profile."))
        return redirect("selection:reviewer_profile")
    if request.user.pk != invitation.user_id:
        problem = _("This invitation is for %(email)s. Log out and log in with that account to accept it.") % {
            "email": invitation.email}
        return render(request, "selection/invitation.html", {"problem": problem}, status=403)
    return render(request, "selection/invitation.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    user = profile.user
    initial = {
        "first_name": user.first_name, "last_name": user.last_name, "team": profile.team_id,
        "institution": profile.institution, "phd_institution": profile.phd_institution, "phd_year": profile.phd_year,
        "orcid": user.orcid, "expertise": profile.expertise,
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
    calls = reviewer_home(reviewer=profile)
    _record_list_view(request, [row.assignment.application for call in calls for row in call.rows])
    return render(request, "selection/my_assignments.html", {"profile": profile, "calls": calls})


def _confirm_conflict(request: HttpRequest, *, profile: ReviewerProfile, application: Application,
                      detail: str) -> HttpResponse:
    """The second step of "I know this person": declaring takes the application out of the reviewer's hands, so
    it is confirmed first. An application the reviewer may not declare answers as an unknown one."""
    if not declarable_applications(reviewer=profile).filter(pk=application.pk).exists():
        raise ConflictOfInterestNotDeclarable()
    return render(request, "selection/declare_conflict_of_interest_confirm.html", {
        "application": application, "form": DeclareConflictOfInterestForm(initial={
            "application": application.pk, "detail": detail, "confirm": True}),
    })


@login_required
def declare_conflict_of_interest(request: HttpRequest) -> HttpResponse:
    """Search and declare among the reviewer's own assignments; any other id answers like an unknown one."""
    profile = _own_profile(request)
    query = request.GET.get("q", "")
    status = 200
    if request.method == "POST":
        form = DeclareConflictOfInterestForm(request.POST)
        application = None
        if form.is_valid():
            pk = form.cleaned_data["application"]
            application = Application.objects.select_related("call").filter(pk=pk).first()
        try:
            if application is None:
                raise ConflictOfInterestNotDeclarable()
            if not form.cleaned_data["confirm"]:
                return _confirm_conflict(request, profile=profile, application=application,
                                         detail=form.cleaned_data["detail"])
            conflict_of_interest_declare(reviewer=profile, application=application, detail=form.cleaned_data["detail"],
                                         by=request.user)
        except ConflictOfInterestNotDeclarable as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 409
        else:
            messages.success(request, _("Thank you: you will not be asked to review %(name)s.") % {
                "name": application.full_name or application.reference})
            return redirect("selection:my_assignments")
    results = reviewer_declarable_applications(reviewer=profile, query=query) if query else []
    _record_list_view(request, results)
    return render(request, "selection/declare_conflict_of_interest.html", {
        "profile": profile, "query": query, "results": results, "form": DeclareConflictOfInterestForm(),
    }, status=status)


def _record_list_view(request: HttpRequest, applications: list[Application]) -> None:
    """The reviewer saw these applicants' names (their ``call`` already fetched), found with this search."""
    applicant_list_view_record(
        by=request.user, page=request.resolver_match.view_name, query=request.GET.urlencode(),
        references=[a.reference for a in applications], call_codes=[a.call.code for a in applications],
    )
