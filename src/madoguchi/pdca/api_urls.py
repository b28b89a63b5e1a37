from rest_framework.routers import SimpleRouter

from .api import IndicatorViewSet

router = SimpleRouter()
router.register("plan/indicators", IndicatorViewSet, basename="plan-indicator")
urlpatterns = router.urls
