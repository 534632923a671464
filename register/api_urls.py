from django.urls import include, path
from rest_framework.routers import SimpleRouter

from register.api import SystemViewSet

app_name = "register_api"

router = SimpleRouter()
router.register("api/register/systems", SystemViewSet, basename="system")

urlpatterns = [path("", include(router.urls))]
