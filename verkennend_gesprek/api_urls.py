from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register(
    "verkennende-gesprekken", api.VerkennendGesprekViewSet, basename="verkennend-gesprek"
)

urlpatterns = router.urls
