from django.urls import path

from . import views

app_name = "kp_consultation"

urlpatterns = [
    path("<int:page_id>/pripominka/", views.submit_comment, name="submit"),
    path("<int:page_id>/pripominka/<int:comment_id>/pripojit-se/", views.cosign_comment,
         name="cosign"),
    path("<int:page_id>/vyporadani/vyveska/", views.settlement_notice,
         name="settlement_notice"),
    path("<int:page_id>/vyporadani.<str:file_format>", views.settlement_export,
         name="settlement_export"),
]
