from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("networks", api.NetworkViewSet, basename="network")
router.register("organisations", api.OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
