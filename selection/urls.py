from django.urls import path

from selection.views import overview, ranking, review_staff, reviewer, reviews, staff

app_name = "selection"

urlpatterns = [
    path("", overview.staff_overview, name="overview"),
    path("dashboard/export.csv", overview.dashboard_csv, name="dashboard_csv"),
    path("dashboard/export.xlsx", overview.dashboard_xlsx, name="dashboard_xlsx"),
    path("dashboard/briefing.pdf", overview.dashboard_pdf, name="dashboard_pdf"),
    path("calls/<str:code>/assignment/", staff.assignment, name="assignment"),
    path("calls/<str:code>/assignment/run/", staff.run_start, name="run_start"),
    path("calls/<str:code>/assignment/runs/<int:run_id>/progress.json", staff.run_progress, name="run_progress"),
    path("calls/<str:code>/assignment/runs/<int:run_id>/add/", staff.assignment_add, name="assignment_add"),
    path("calls/<str:code>/assignment/runs/<int:run_id>/remove/", staff.assignment_remove, name="assignment_remove"),
    path("calls/<str:code>/assignment/runs/<int:run_id>/publish/", staff.run_publish, name="run_publish"),
    path("calls/<str:code>/conflicts/", staff.conflicts, name="conflicts"),
    path("calls/<str:code>/ranking/", ranking.ranking, name="ranking"),
    path("reviewers/invite/", staff.invite, name="invite"),
    path("invitation/<str:token>/", reviewer.invitation, name="invitation"),
    path("reviewer/profile/", reviewer.profile, name="reviewer_profile"),
    path("reviewer/assignments/", reviewer.my_assignments, name="my_assignments"),
    path("reviewer/conflicts/declare/", reviewer.declare_conflict, name="declare_conflict"),
    path("reviewer/reviews/<int:pk>/start/", reviews.start, name="review_start"),
    path("reviewer/reviews/<int:pk>/", reviews.dossier, name="review_dossier"),
    path("reviewer/reviews/<int:pk>/documents/<int:document_pk>/", reviews.document, name="review_document"),
    path("reviewer/reviews/<int:pk>/letters/<int:referee_pk>/", reviews.letter, name="review_letter"),
    path("reviewer/reviews/<int:pk>/review/", reviews.review, name="review_form"),
    path("applications/<int:pk>/reviews/", review_staff.application_reviews, name="application_reviews"),
    path("reviews/<int:review_id>/reopen/", review_staff.reopen, name="review_reopen"),
]
