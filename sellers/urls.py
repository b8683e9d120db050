from django.urls import path

from . import views

app_name = "sellers"
urlpatterns = [
    path("", views.ShopListView.as_view(), name="shop-list"),
    path("apply/", views.ApplicationCreateView.as_view(), name="apply"),
    path("apply/status/", views.ApplicationStatusView.as_view(), name="apply-status"),
    path("mine/", views.ShopSettingsView.as_view(), name="settings"),
    path("mine/documents/", views.DocumentAddView.as_view(), name="document-add"),
    path("mine/documents/<int:pk>/file/", views.DocumentFileView.as_view(), name="document-file"),
    path("<slug:slug>/", views.ShopDetailView.as_view(), name="shop-detail"),
]
