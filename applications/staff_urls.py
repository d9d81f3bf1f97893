"""Staff pages of the applicant side, mounted under /staff/ by the URL root (one layout by audience)."""
from django.urls import path

app_name = "applications_staff"

urlpatterns: list = []
