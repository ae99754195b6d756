import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in, by e-mail address; their role is their group membership."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=200, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(
        _("toegang tot beheer"), default=False, help_text=_("Mag inloggen op de beheeromgeving.")
    )
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def roles(self) -> set[str]:
        """Role names from group membership, cached on the instance for one request."""
        if not hasattr(self, "_roles_cache"):
            self.remember_group_names(self.groups.values_list("name", flat=True) if self.pk else ())
        return self._roles_cache

    def remember_group_names(self, names) -> None:
        """Set ``roles`` from group names read elsewhere (the menu reads them in one query
        with the other facts it needs), so ``roles`` asks nothing more in this request."""
        self._roles_cache = set(names) & set(Role.values)

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser and Role.BEHEERDER in roles or bool(self.roles & set(roles))


def role_group(role: str) -> Group:
    group, _ = Group.objects.get_or_create(name=role)
    return group


class ApiToken(models.Model):
    """A secret for a system (a huisartsinformatiesysteem, an insurer's system) acting as a user.

    Only a SHA-256 hash of the secret is stored; the secret is shown once on creation.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("gebruiker")
    )
    name = models.CharField(
        _("omschrijving"),
        max_length=100,
        help_text=_("Bijvoorbeeld het systeem dat deze sleutel gebruikt."),
    )
    prefix = models.CharField(
        _("begin van de sleutel"), max_length=8, db_index=True, editable=False
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str, expires_at=None) -> tuple["ApiToken", str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=key[:8], key_hash=cls.hash_key(key), expires_at=expires_at
        )
        return token, key

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class PasswordResetRequest(models.Model):
    """One password-reset request whose mail was sent, kept for the reset limit's window.

    The address asked for is stored only as a keyed hash (``mgn.accounts.throttle``).
    """

    email_digest = models.CharField(max_length=64, db_index=True, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(db_index=True, editable=False)

    class Meta:
        verbose_name = _("wachtwoordherstelverzoek")
        verbose_name_plural = _("wachtwoordherstelverzoeken")
        indexes = [models.Index(fields=["ip_address", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M} {self.ip_address or '-'}"
