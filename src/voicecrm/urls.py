from django.contrib import admin
from django.urls import include, path

from .api import api
from .crm import views as crm_views
from .ops import views as ops_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("health", ops_views.health, name="health"),
    path("metrics", ops_views.metrics, name="metrics"),
    path("calendar/<str:secret>.ics", crm_views.calendar_feed, name="calendar_feed"),
    path("", include("voicecrm.web.urls")),
]
