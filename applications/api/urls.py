"""/api/v1/ routes of the applications app (included from innocore/urls.py)."""
from rest_framework.routers import SimpleRouter

from applications.api.views import ApplicationViewSet

router = SimpleRouter()
router.register("applications", ApplicationViewSet, basename="api-application")

urlpatterns = router.urls
