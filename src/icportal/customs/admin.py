from django.contrib import admin

from .models import CustomsHouse, Notice


@admin.register(CustomsHouse)
class CustomsHouseAdmin(admin.ModelAdmin):
    list_display = ("port_code", "name", "officer_email", "to_be_confirmed", "is_active")
    search_fields = ("port_code", "name")


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("certificate", "event", "port_code", "status", "sent_at")
    list_filter = ("status", "event")
    raw_id_fields = ("certificate", "replacement", "email", "customs_house", "office", "sent_by")
