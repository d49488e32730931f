"""``/public/``: the portal, the kiosk and the feed (no login). Other apps own /public/cases/,
/public/letters/ and /public/rectification/ and add their own includes."""

from django.urls import path

from qizhi.disclosure import public

app_name = "public"

urlpatterns = [
    path("", public.portal, name="portal"),
    path("items/<int:pk>/", public.portal_item, name="item"),
    path("kiosk/", public.kiosk, name="kiosk"),
    path("kiosk/items/", public.kiosk_list, name="kiosk_list"),
    path("kiosk/items/<int:pk>/", public.kiosk_item, name="kiosk_item"),
    path("feed.xml", public.feed, name="feed"),
]
