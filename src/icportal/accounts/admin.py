"""The Django admin's authenticator pages go through the service: removing a device there (the
head office's way to reset a lost phone) revokes the user's API tokens, with audit rows."""

from django.contrib import admin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services


class ResettingTOTPDeviceAdmin(TOTPDeviceAdmin):
    def delete_model(self, request, obj):
        services.two_factor_reset(by=request.user, user=obj.user)

    def delete_queryset(self, request, queryset):
        for user in {device.user for device in queryset.select_related("user")}:
            services.two_factor_reset(by=request.user, user=user)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "key" in form.changed_data:
            # A new secret is a new authenticator: the old tokens go.
            services.api_tokens_revoke_all(
                by=request.user, user=obj.user, reason="authenticator reset"
            )


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, ResettingTOTPDeviceAdmin)
