from .views import budget, declaraties, exports, funding

app_name = "bekostiging"

urlpatterns = [
    *declaraties.urlpatterns,
    *exports.urlpatterns,
    *funding.urlpatterns,
    *budget.urlpatterns,
]
