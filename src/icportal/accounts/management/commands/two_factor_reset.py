"""`icportal two_factor_reset <e-mail>`: a staff member lost their phone. Removes their
authenticator (they set up a new one at their next signing action) and revokes their API tokens.
For production, where the Django admin site is off (DJANGO_ADMIN_ENABLED)."""

from django.core.management.base import BaseCommand, CommandError

from icportal.accounts import services
from icportal.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Remove a user's authenticator app and revoke their API tokens (lost phone)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}")
        working = ApiToken.objects.active().filter(user=user).count()
        removed = services.two_factor_reset(by=None, user=user)
        self.stdout.write(
            f"{user.email}: {removed} authenticator(s) removed, {working} working API token(s) "
            "revoked. They set up a new authenticator at their next signing action."
        )
