from django.urls import path

from . import views

app_name = "sellers"
urlpatterns = [
    path("", views.ShopListView.as_view(), name="shop-list"),
    path("<slug:slug>/", views.ShopDetailView.as_view(), name="shop-detail"),
]
