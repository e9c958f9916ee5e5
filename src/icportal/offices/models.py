"""The council and its offices, each with the ICEGATE ID members quote in a Bill of Entry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from icportal.common.models import TimeStampedModel
from icportal.common.validators import validate_icegate_id, validate_office_code


class Council(TimeStampedModel):
    name = models.CharField(max_length=200)
    short_code = models.CharField(max_length=10, unique=True)
    email = models.EmailField()
    website = models.URLField(blank=True)

    class Meta:
        verbose_name_plural = "councils"

    def __str__(self):
        return self.name


class Office(TimeStampedModel):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="offices")
    code = models.CharField(max_length=3, unique=True, validators=[validate_office_code])
    name = models.CharField(max_length=100, unique=True)
    region = models.CharField(max_length=40, blank=True)
    icegate_id = models.CharField(
        _("ICEGATE ID"),
        max_length=25,
        unique=True,
        validators=[validate_icegate_id],
        help_text=_("Quoted in the Bill of Entry when an IC uploaded by this office is used."),
    )
    is_head_office = models.BooleanField(default=False)
    address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-is_head_office", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council"],
                condition=models.Q(is_head_office=True),
                name="one_head_office_per_council",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"
