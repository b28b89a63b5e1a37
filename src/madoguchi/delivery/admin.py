from django.contrib import admin

from madoguchi.core.admin import PersonalDataAdmin

from .models import IssuedDocument, Payment, PaymentRefund


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(PersonalDataAdmin):
    list_display = ["number", "kind", "issued_at", "revoked_at", "department"]
    list_filter = ["kind", "department"]
    search_fields = ["number", "receipt_number"]
    exclude = ["pdf"]
    readonly_fields = [f.name for f in IssuedDocument._meta.fields if f.name != "pdf"]
    # Issued and revoked only through services (render, sign, record; reason, Event, notice).


class PaymentRefundInline(admin.TabularInline):
    model = PaymentRefund
    extra = 0
    can_delete = False
    readonly_fields = ["amount", "provider_refund_id", "reason", "created_at", "created_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(PersonalDataAdmin):
    list_display = ["reference", "procedure_code", "amount", "state", "captured_at", "refunded_amount"]
    list_filter = ["state", "procedure_code", "provider"]
    search_fields = ["reference", "receipt_number", "provider_payment_id"]
    readonly_fields = [f.name for f in Payment._meta.fields]
    inlines = [PaymentRefundInline]
