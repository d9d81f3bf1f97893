from django.urls import path

from applications.views import account, documents, dossier, receipt, staff_eligibility, staff_information

app_name = "applications"

# Applicants' pages under /apply/, the staff's eligibility pages under /staff/ with the other staff pages: mounted
# at the root by innocore/urls.py.

urlpatterns = [
    path("apply/", dossier.my_applications, name="mine"),
    path("apply/start/<str:call_code>/", dossier.start, name="start"),
    path("apply/<int:pk>/", dossier.overview, name="overview"),
    path("apply/<int:pk>/section/<slug:slug>/", dossier.section, name="section"),
    path("apply/<int:pk>/section/<slug:slug>/stale-edits/dismiss/", dossier.stale_edits_dismiss, name="stale_edits_dismiss"),
    path("apply/<int:pk>/documents/", documents.documents, name="documents"),
    path("apply/<int:pk>/documents/<int:document_pk>/download/", documents.document_download, name="document_download"),
    path("apply/<int:pk>/referees/", documents.referees, name="referees"),
    path("apply/<int:pk>/referees/<int:referee_pk>/remind/", documents.referee_remind_view, name="referee_remind"),
    path("apply/<int:pk>/submit/", dossier.submit, name="submit"),
    path("apply/<int:pk>/withdraw/", dossier.withdraw, name="withdraw"),
    path("apply/<int:pk>/status/", dossier.status, name="status"),
    path("apply/<int:pk>/receipt.pdf", receipt.receipt_pdf, name="receipt"),
    path("apply/letter/<str:token>/", documents.referee_letter, name="referee_letter"),
    path("apply/account/data.json", account.personal_data, name="personal_data"),
    path("apply/account/delete/", account.delete_account, name="account_delete"),
    path("staff/applications/<int:pk>/request-information/", staff_information.request_information,
         name="request_information"),
    path("staff/calls/<str:code>/eligibility/", staff_eligibility.call_eligibility, name="staff_call_eligibility"),
    path("staff/calls/<str:code>/eligibility/progress/", staff_eligibility.call_eligibility_progress,
         name="staff_call_eligibility_progress"),
    path("staff/calls/<str:code>/eligibility/recheck/", staff_eligibility.call_eligibility_recheck_view,
         name="staff_call_eligibility_recheck"),
    path("staff/calls/<str:code>/eligibility/default-rules/", staff_eligibility.call_eligibility_defaults_view,
         name="staff_call_eligibility_defaults"),
]
