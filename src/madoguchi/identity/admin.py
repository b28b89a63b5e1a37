from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from madoguchi.core.admin import PersonalDataAdmin

from .models import DemoCard, ResidentIdentity


@admin.register(ResidentIdentity)
class ResidentIdentityAdmin(PersonalDataAdmin):
    list_display = ("person", "issuer", "last_login_at")
    readonly_fields = ("issuer", "subject", "person", "user", "created_at", "last_login_at")
    search_fields = ("person__family_name", "person__given_name")


@admin.register(DemoCard)
class DemoCardAdmin(PersonalDataAdmin):
    """Test cards: the counter can unlock a card after three wrong PINs (暗証番号の再設定)."""

    list_display = ("person", "failed_pin_attempts", "locked_at")
    readonly_fields = (
        "person",
        "subject",
        "failed_pin_attempts",
        "locked_at",
        "failed_signing_attempts",
        "signing_locked_at",
    )
    exclude = ("pin_hash", "signing_password_hash")
    actions = ["unlock"]

    @admin.action(description=_("ロックを解除する（テスト用カード）"))
    def unlock(self, request, queryset):
        queryset.update(
            failed_pin_attempts=0, locked_at=None, failed_signing_attempts=0, signing_locked_at=None
        )
