"""Every API route of the verkennend gesprek."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register(
    "verkennende-gesprekken", views.VerkennendGesprekViewSet, basename="verkennend-gesprek"
)

urlpatterns = router.urls
