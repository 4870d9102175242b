"""Notices: what the platform tells a person, kept in both languages and shown in the reader's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from hatchway.accounts.models import User


class NoticeQuerySet(models.QuerySet["Notice"]):
    def for_user(self, user: User) -> NoticeQuerySet:
        return self.filter(recipient=user)

    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """One message to one person: in-app always, by e-mail when the sender asked for it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    subject_zh = models.CharField(_("subject (Chinese)"), max_length=300)
    subject_en = models.CharField(_("subject (English)"), max_length=300)
    body_zh = models.TextField(_("message (Chinese)"))
    body_en = models.TextField(_("message (English)"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    key = models.CharField(
        _("idempotency key"), max_length=200, blank=True, help_text=_("A person gets one notice per key.")
    )
    emailed = models.BooleanField(_("sent by e-mail"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="notice_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.subject

    def _in_language(self, zh: str, en: str) -> str:
        return zh if (get_language() or "").startswith("zh") else en

    @property
    def subject(self) -> str:
        return self._in_language(self.subject_zh, self.subject_en)

    @property
    def body(self) -> str:
        return self._in_language(self.body_zh, self.body_en)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
