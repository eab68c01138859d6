from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import clients_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("clients/<int:client_id>/", views.client_detail, name="client_detail"),
    path("clients/new/", clients_views.client_new, name="client_new"),
    path("clients/duplicates/", clients_views.duplicates, name="duplicates"),
    path("clients/<int:client_id>/merge/<int:other_id>/", clients_views.client_merge, name="client_merge"),
    path("search/", clients_views.search_page, name="search"),
    path("tasks/", views.tasks, name="tasks"),
    path("inbox/", views.inbox, name="inbox"),
    path("import/", views.import_clients, name="import"),
    path("jobs/", views.jobs, name="jobs"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # set_language: the language switch in the header (a POST with CSRF, kept in a cookie).
    path("i18n/", include("django.conf.urls.i18n")),
]
