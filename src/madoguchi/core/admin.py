"""The back office (業務管理) for the shared records. Events and the audit log are read-only."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    AuditEntry,
    Department,
    Event,
    Household,
    Municipality,
    Notification,
    Person,
    StaffRole,
    User,
)
from .mynumber import masked_my_number


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0


@admin.register(User)
class MadoguchiUserAdmin(UserAdmin):
    inlines = [StaffRoleInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "phone"]

    def has_add_permission(self, request):
        return not Municipality.objects.exists()


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["number", "address", "district"]
    search_fields = ["number", "address"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "full_name_kana", "birth_date", "household", "my_number_masked"]
    search_fields = ["family_name", "given_name", "family_name_kana", "given_name_kana"]
    readonly_fields = ["my_number_masked", "created_at", "updated_at"]
    list_select_related = ["household"]

    @admin.display(description=_("個人番号"))
    def my_number_masked(self, person):
        return masked_my_number(person)


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["time", "subject_type", "subject_id", "verb", "channel", "actor"]
    list_filter = ["channel", "subject_type", "verb"]
    date_hierarchy = "time"


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "time", "action", "object_type", "object_id", "actor_label"]
    list_filter = ["action"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "template", "address", "channel", "status"]
    list_filter = ["status", "channel", "template"]
