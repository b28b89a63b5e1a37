from django.contrib import admin

from .models import IssuedDocument, Payment, PaymentRefund


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "issued_at", "revoked_at", "department"]
    list_filter = ["kind", "department"]
    search_fields = ["number", "receipt_number"]
    exclude = ["pdf"]
    readonly_fields = [f.name for f in IssuedDocument._meta.fields if f.name != "pdf"]

    def has_add_permission(self, request):
        return False  # issued only through services (render, sign, record)

    def has_change_permission(self, request, obj=None):
        return False  # revoked only through the revoke page (reason, Event, notice)


class PaymentRefundInline(admin.TabularInline):
    model = PaymentRefund
    extra = 0
    can_delete = False
    readonly_fields = ["amount", "provider_refund_id", "reason", "created_at", "created_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["reference", "procedure_code", "amount", "state", "captured_at", "refunded_amount"]
    list_filter = ["state", "procedure_code", "provider"]
    search_fields = ["reference", "receipt_number", "provider_payment_id"]
    readonly_fields = [f.name for f in Payment._meta.fields]
    inlines = [PaymentRefundInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
