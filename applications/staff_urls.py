"""Staff pages of the applicant side, mounted under /staff/ by the URL root (one layout by audience)."""
from django.urls import path

from applications.views import staff_dossier

app_name = "applications_staff"

urlpatterns: list = [
    path("applications/<int:pk>/", staff_dossier.dossier, name="dossier"),
    path("applications/<int:pk>/documents/<int:document_pk>/", staff_dossier.document, name="document"),
    path("applications/<int:pk>/letters/<int:referee_pk>/", staff_dossier.letter, name="letter"),
]
