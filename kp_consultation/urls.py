from django.urls import path

from . import views

app_name = "kp_consultation"

urlpatterns = [
    path("<int:page_id>/pripominka/", views.submit_comment, name="submit"),
    path("<int:page_id>/vyporadani.<str:file_format>", views.settlement_export,
         name="settlement_export"),
]
