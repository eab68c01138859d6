from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token for API clients; only its SHA-256 is stored, the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, help_text="First characters, to tell tokens apart.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


class NotificationPreference(models.Model):
    """What a user wants to be told when one of their recordings is done or has finally failed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    email = models.BooleanField(default=False, help_text="email the user's address")
    channels = models.BooleanField(default=False, help_text="post to the team's VOICECRM_NOTIFY_URLS")
    digest = models.BooleanField(default=False, help_text="each morning, the tasks due that day (or overdue), by "
                                                         "the channels above")
    digest_sent_on = models.DateField(null=True, blank=True, help_text="the user's local date of the last digest")

    def __str__(self) -> str:
        return f"{self.user}: email={self.email} channels={self.channels} digest={self.digest}"


class UserSettings(models.Model):
    """A user's own settings: the time zone their spoken dates are read in, and their calendar feed's secret."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="voicecrm_settings")
    time_zone = models.CharField(max_length=64, blank=True,
                                 help_text="IANA name (Europe/Paris); empty: the server's VOICECRM_TIME_ZONE")
    calendar_secret = models.CharField(max_length=64, null=True, blank=True, unique=True,
                                       help_text="the credential in the user's calendar feed URL; empty: no feed")
    phone_region = models.CharField(max_length=2, blank=True,
                                    help_text="ISO 3166-1 alpha-2 region for phone numbers typed or said without a "
                                              "country code (FR, US); empty: from the UI language, then the "
                                              "server's VOICECRM_DEFAULT_REGION")
    review_before_apply = models.BooleanField(default=False,
                                              help_text="every recording stops at a proposal the user accepts, "
                                                        "edits or rejects before anything is written")

    class Meta:
        verbose_name_plural = "user settings"

    def __str__(self) -> str:
        return f"{self.user}: {self.time_zone or 'default time zone'}"
