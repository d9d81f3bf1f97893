"""The applicant's offers, under /offers/ (the application pages under /apply/ belong to applications, which
knows nothing of selection)."""
from django.urls import path

from selection.views import offers

app_name = "offers"

urlpatterns = [
    path("", offers.mine, name="mine"),
    path("<int:offer_id>/", offers.detail, name="detail"),
    path("<int:offer_id>/accept/", offers.accept, name="accept"),
    path("<int:offer_id>/decline/", offers.decline, name="decline"),
    path("<int:offer_id>/letter.pdf", offers.letter, name="letter"),
]
