"""Back office: a city edits its plan here (or loads its own with `madoguchi plan load FILE`).

Manual values are entered and approved on the staff pages (/plan/staff/), which enforce evidence
and a second approver; here they are read-only. Reviews are append-only."""

from django.contrib import admin

from .models import Indicator, IndicatorValue, Initiative, Plan, Policy, Review, ScheduleEntry, Target


class PolicyInline(admin.TabularInline):
    model = Policy
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "period_start_fy", "period_end_fy", "is_current"]
    inlines = [PolicyInline]


class ScheduleInline(admin.TabularInline):
    model = ScheduleEntry
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "policy"]
    list_filter = ["plan", "policy"]
    filter_horizontal = ["owner_departments"]
    inlines = [ScheduleInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["initiative", "name", "kind", "unit", "metric_code"]
    list_filter = ["kind", "initiative__policy"]
    search_fields = ["name", "key"]
    inlines = [TargetInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "fiscal_year", "value", "entered_by", "approved_by"]
    list_filter = ["fiscal_year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["initiative", "fiscal_year", "status", "created_by", "created_at"]
    list_filter = ["fiscal_year", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
