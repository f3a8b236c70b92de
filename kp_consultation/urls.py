from django.urls import path

from kp_consultation import views
from kp_consultation.follow import views as follow

app_name = "kp_consultation"

urlpatterns = [
    path("<int:page_id>/pripominka/", views.submit_comment, name="submit"),
    path("<int:page_id>/pripominka/<int:comment_id>/pripojit-se/", views.cosign_comment,
         name="cosign"),
    path("<int:page_id>/vyporadani/vyveska/", views.settlement_notice,
         name="settlement_notice"),
    path("<int:page_id>/vyporadani.<str:file_format>", views.settlement_export,
         name="settlement_export"),
    path("odber/", follow.subscribe, name="follow_subscribe"),
    path("odber/potvrdit/<str:token>/", follow.confirm, name="follow_confirm"),
    path("odber/sprava/<str:token>/", follow.manage, name="follow_manage"),
    path("odber/odhlasit/<str:token>/", follow.unsubscribe, name="follow_unsubscribe"),
    path("moje-pripominky/", follow.my_comments_request, name="my_comments_request"),
    path("moje-pripominky/<str:token>/", follow.my_comments, name="my_comments"),
]
