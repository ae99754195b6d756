"""Every API route of the networks app (under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from networks.api import views

router = SimpleRouter()
router.register("networks", views.NetworkViewSet, basename="network")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
