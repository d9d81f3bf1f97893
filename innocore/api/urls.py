"""/api/v1/ routes of innocore (included from innocore/urls.py)."""
from rest_framework.routers import SimpleRouter

from innocore.api.views import CallViewSet, TeamViewSet

router = SimpleRouter()
router.register("calls", CallViewSet, basename="api-call")
router.register("teams", TeamViewSet, basename="api-team")

urlpatterns = router.urls
