from rest_framework.routers import SimpleRouter

from . import api_aanbod

router = SimpleRouter()
router.register("aanbod", api_aanbod.AanbodViewSet, basename="aanbod")

urlpatterns = router.urls
