"""IDOR registrations for routes that no feature app owns (core, admin, API docs)."""

from .idor import not_an_object

not_an_object("core:text_size", "the argument is a display setting (standard/large), not an object")
not_an_object("account_confirm_email", "allauth: a signed, expiring e-mail confirmation key")
not_an_object("account_reset_password_from_key", "allauth: a signed, expiring password reset token")
# allauth's own views filter WebAuthn keys by request.user (Authenticator.objects.filter(user=…)).
not_an_object("mfa_edit_webauthn", "allauth: queryset limited to the signed-in user's own keys")
not_an_object("mfa_remove_webauthn", "allauth: queryset limited to the signed-in user's own keys")
