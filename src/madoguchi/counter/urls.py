from django.urls import path

from . import booking_views, views

app_name = "counter"

urlpatterns = [
    path("", views.waits, name="waits"),
    path("kiosk/", views.kiosk, name="kiosk"),
    path("t/<str:token>/", views.ticket, name="ticket"),
    path("t/<str:token>/qr.svg", views.ticket_qr, name="ticket_qr"),
    path("signage/", views.signage, name="signage"),
    path("signage/board/", views.signage_board, name="signage_board"),
    path("reserve/", booking_views.reserve, name="reserve"),
    path("reservations/", booking_views.my_reservations, name="my_reservations"),
    path("reservations/<str:reference>/", booking_views.reservation, name="reservation"),
    path("reservations/<str:reference>/cancel/", booking_views.reservation_cancel, name="reservation_cancel"),
    path("reservations/<str:reference>/change/", booking_views.reservation_change, name="reservation_change"),
    path("reservations/<str:reference>/visit.ics", booking_views.reservation_ics, name="reservation_ics"),
    path("reservations/<str:reference>/qr.svg", booking_views.reservation_qr, name="reservation_qr"),
    path("desk/", views.desk, name="desk"),
    path("desk/windows/<str:number>/call-next/", views.desk_call_next, name="desk_call_next"),
    path("desk/tickets/<int:pk>/<slug:action>/", views.desk_ticket_action, name="desk_ticket_action"),
    path("indicators/", views.indicators, name="indicators"),
    path("onestop/", views.onestop, name="onestop"),
    path("onestop/residents/<int:person_pk>/", views.onestop_new, name="onestop_new"),
    path("onestop/<str:token>/", views.session, name="session"),
    path("onestop/<str:token>/forms/<int:pk>/", views.session_form, name="session_form"),
    path("onestop/<str:token>/tablet/", views.tablet, name="tablet"),
    path("onestop/<str:token>/done/", views.session_done, name="session_done"),
]
