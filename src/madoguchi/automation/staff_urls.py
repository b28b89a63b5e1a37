from django.urls import path

from . import staff_views

app_name = "automation_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("inventory/", staff_views.inventory, name="inventory"),
    path("inventory.csv", staff_views.inventory_csv, name="inventory_csv"),
    path("inventory/<slug:code>/", staff_views.inventory_procedure, name="inventory_procedure"),
    path("mining/", staff_views.mining_index, name="mining_index"),
    path("mining/<slug:code>/", staff_views.mining, name="mining"),
    path("tools/", staff_views.tools, name="tools"),
    path("tools/<int:pk>/", staff_views.tool, name="tool"),
    path("pilots/<int:pk>/", staff_views.pilot, name="pilot"),
    path("stages/<int:pk>/", staff_views.stage, name="stage"),
    path("rules/", staff_views.rules, name="rules"),
    path("rules/<int:pk>/", staff_views.rule, name="rule"),
]
