"""The back office (業務管理) for the shared records. Events and the audit log are read-only.

`/admin/` is reached only through the staff login with its second factor (identity.mfa). Models
holding residents' personal data use `PersonalDataAdmin`: the access policy decides who sees
them (a role, not superuser status), every page read is an audit entry, and changes to a Person
go through `core.people.change_person` (an Event).
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from . import access, people
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


class PersonalDataAdmin(admin.ModelAdmin):
    """Back-office pages over residents' personal data: role-gated, read-audited, read-only
    unless a subclass routes changes through a service."""

    permission = access.PERSON_VIEW

    def has_module_permission(self, request):
        return super().has_module_permission(request) and access.can_anywhere(request.user, self.permission)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and access.can_anywhere(
            request.user, self.permission
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _audit(self, request, object_id=""):
        people.record_staff_read(
            by=request.user,
            object_type=self.model._meta.label_lower,
            object_id=str(object_id or ""),
            surface="admin",
            query=request.GET.get("q", ""),
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            self._audit(request)
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if response.status_code == 200 and object_id and request.method == "GET":
            self._audit(request, object_id)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._audit(request, object_id)
        return response


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
class HouseholdAdmin(PersonalDataAdmin):
    list_display = ["number", "address", "district"]
    search_fields = ["number", "address"]


@admin.register(Person)
class PersonAdmin(PersonalDataAdmin):
    list_display = ["full_name", "full_name_kana", "birth_date", "household", "my_number_masked"]
    search_fields = ["family_name", "given_name", "family_name_kana", "given_name_kana"]
    readonly_fields = ["my_number_masked", "created_at", "updated_at"]
    exclude = ["user"]
    list_select_related = ["household"]

    def has_change_permission(self, request, obj=None):
        return admin.ModelAdmin.has_change_permission(self, request, obj) and access.can_anywhere(
            request.user, access.PERSON_CHANGE
        )

    def save_model(self, request, obj, form, change):
        people.change_person(obj, by=request.user, fields=list(form.changed_data), surface="admin")

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
class NotificationAdmin(PersonalDataAdmin):  # addresses and names of residents
    list_display = ["created_at", "template", "address", "channel", "status"]
    list_filter = ["status", "channel", "template"]
