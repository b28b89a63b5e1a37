from django.contrib import admin

from madoguchi.core.admin import PersonalDataAdmin

from .models import (
    CounterForm,
    CounterSession,
    Reservation,
    ServiceCategory,
    SignageNotice,
    Ticket,
    VisitSlot,
    Window,
)


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "prefix", "department", "default_service_minutes", "is_active"]


@admin.register(Window)
class WindowAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "department", "is_open"]
    filter_horizontal = ["categories"]


@admin.register(Ticket)
class TicketAdmin(PersonalDataAdmin):
    list_display = ["__str__", "day", "status", "window", "issued_at", "first_called_at", "completed_at"]
    list_filter = ["status", "category", "day"]
    readonly_fields = [f.name for f in Ticket._meta.fields]


@admin.register(SignageNotice)
class SignageNoticeAdmin(admin.ModelAdmin):
    list_display = ["text", "starts_on", "ends_on", "is_active", "sort_order"]


@admin.register(VisitSlot)
class VisitSlotAdmin(admin.ModelAdmin):
    list_display = ["window", "starts_at", "ends_at", "capacity"]
    list_filter = ["window"]


@admin.register(Reservation)
class ReservationAdmin(PersonalDataAdmin):
    list_display = ["reference", "slot", "life_event", "status", "reminded_at"]
    list_filter = ["status", "life_event"]
    raw_id_fields = ["person", "slot"]


class CounterFormInline(admin.TabularInline):
    model = CounterForm
    fields = ["title", "department", "included", "receipt_number"]
    readonly_fields = fields
    extra = 0


@admin.register(CounterSession)
class CounterSessionAdmin(PersonalDataAdmin):
    list_display = ["__str__", "staff", "status", "signature_method", "created_at", "confirmed_at"]
    list_filter = ["status", "life_event"]
    raw_id_fields = ["person", "ticket"]
    exclude = ["signature_image", "answers"]
    inlines = [CounterFormInline]
