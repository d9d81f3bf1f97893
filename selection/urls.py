from django.urls import path

from selection.views import decisions, offers, overview, ranking, review_staff, reviewer, reviews, staff

app_name = "selection"

# One layout by audience: staff pages under /staff/, reviewers' under /review/ (applicants' are under /apply/ and
# /offers/). Mounted at the root by innocore/urls.py, so the audience is part of each route here.

urlpatterns = [
    path("staff/", overview.staff_overview, name="overview"),
    path("staff/dashboard/export.csv", overview.dashboard_csv, name="dashboard_csv"),
    path("staff/dashboard/export.xlsx", overview.dashboard_xlsx, name="dashboard_xlsx"),
    path("staff/dashboard/briefing.pdf", overview.dashboard_pdf, name="dashboard_pdf"),
    path("staff/calls/<str:code>/assignment/", staff.assignment, name="assignment"),
    path("staff/calls/<str:code>/assignment/run/", staff.run_start, name="run_start"),
    path("staff/calls/<str:code>/assignment/runs/<int:run_id>/progress.json", staff.run_progress, name="run_progress"),
    path("staff/calls/<str:code>/assignment/runs/<int:run_id>/add/", staff.assignment_add, name="assignment_add"),
    path("staff/calls/<str:code>/assignment/runs/<int:run_id>/remove/", staff.assignment_remove, name="assignment_remove"),
    path("staff/calls/<str:code>/assignment/runs/<int:run_id>/publish/", staff.run_publish, name="run_publish"),
    path("staff/calls/<str:code>/conflicts-of-interest/", staff.conflicts_of_interest, name="conflicts_of_interest"),
    path("staff/calls/<str:code>/ranking/", ranking.ranking, name="ranking"),
    path("staff/calls/<str:code>/selection/", decisions.proposal, name="decisions"),
    path("staff/calls/<str:code>/selection/run/", decisions.run_match, name="decisions_run"),
    path("staff/calls/<str:code>/selection/discard/", decisions.discard, name="decisions_discard"),
    path("staff/calls/<str:code>/selection/adjust/", decisions.adjust, name="decisions_adjust"),
    path("staff/calls/<str:code>/selection/adjust/remove/", decisions.adjust_remove, name="decisions_adjust_remove"),
    path("staff/calls/<str:code>/selection/explanations/", decisions.explanations, name="decisions_explanations"),
    path("staff/calls/<str:code>/selection/publish/", decisions.publish, name="decisions_publish"),
    path("staff/calls/<str:code>/selection/outbox/", decisions.outbox, name="decisions_outbox"),
    path("staff/calls/<str:code>/selection/send/", decisions.send, name="decisions_send"),
    path("staff/calls/<str:code>/selection/offers/", decisions.offers, name="decisions_offers"),
    path("staff/reviewers/invite/", staff.invite, name="invite"),
    path("review/invitation/<str:token>/", reviewer.invitation, name="invitation"),
    path("review/profile/", reviewer.profile, name="reviewer_profile"),
    path("review/", reviewer.my_assignments, name="my_assignments"),
    path("review/conflicts-of-interest/declare/", reviewer.declare_conflict_of_interest,
         name="declare_conflict_of_interest"),
    path("review/<int:pk>/start/", reviews.start, name="review_start"),
    path("review/<int:pk>/", reviews.dossier, name="review_dossier"),
    path("review/<int:pk>/documents/<int:document_pk>/", reviews.document, name="review_document"),
    path("review/<int:pk>/letters/<int:referee_pk>/", reviews.letter, name="review_letter"),
    path("review/<int:pk>/scores/", reviews.review, name="review_form"),
    path("staff/applications/<int:pk>/reviews/", review_staff.application_reviews, name="application_reviews"),
    path("staff/reviews/<int:review_id>/reopen/", review_staff.reopen, name="review_reopen"),
    path("staff/offers/<int:offer_id>/letter.pdf", offers.staff_letter, name="offer_letter"),
]
