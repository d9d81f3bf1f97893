"""/api/v1/ routes of the selection app (included from innocore/urls.py; the stats endpoint is mounted there)."""
from rest_framework.routers import SimpleRouter

from selection.api.views import DecisionViewSet, ReviewViewSet

router = SimpleRouter()
router.register("reviews", ReviewViewSet, basename="api-review")
router.register("decisions", DecisionViewSet, basename="api-decision")

urlpatterns = router.urls
