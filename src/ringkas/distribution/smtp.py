"""The SMTP server e-mail goes through: its settings, and one connection kept across messages.

Settings come from ringkas.toml's `[smtp]` table (`contract.config.SmtpConfig`), a command
line may override host, port and STARTTLS for one run, and the password comes only from the
environment variable `smtp.password_env` names. `Connection.send` delivers one message and
turns every way that can fail into a `Failure` with a message code: a refused recipient keeps
the connection (smtplib resets the transaction), a dropped one is closed and opened again for
the next message, and a server that cannot be reached fails the message without a traceback.
"""

from __future__ import annotations

import base64
import hmac
import os
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.message import EmailMessage

from ringkas.contract.problems import MessageError
from ringkas.contract.settings import ProjectSettings, SmtpConfig
from ringkas.i18n.messages import say

TIMEOUT = 60  # seconds a server may take to answer one command: a large attachment is slow


@dataclass(frozen=True)
class SmtpSettings:
    """What sending needs: the `[smtp]` table with this run's overrides and the password."""

    host: str
    port: int
    starttls: bool
    user: str
    sender: str
    password_env: str
    password: str = field(default="", repr=False)


def smtp_settings(config: ProjectSettings, *, host: str | None = None, port: int | None = None,
                  starttls: bool | None = None) -> SmtpSettings:
    """The settings of this run; a MessageError when no From address is configured or the
    login has no password in its environment variable."""
    smtp: SmtpConfig = config.smtp
    if not smtp.sender:
        raise MessageError("mail.no_from", path=config.path or "ringkas.toml")
    settings = SmtpSettings(smtp.host, smtp.port, smtp.starttls, smtp.user, smtp.sender,
                            smtp.password_env)
    settings = replace(settings, host=host or settings.host, port=port or settings.port,
                       starttls=settings.starttls if starttls is None else starttls)
    if settings.user:
        password = os.environ.get(settings.password_env, "")
        if not password:
            raise MessageError("mail.no_password", user=settings.user, env=settings.password_env)
        settings = replace(settings, password=password)
    return settings


@dataclass(frozen=True)
class Failure:
    """Why one message was not delivered: a message code and its parameters."""

    code: str
    params: dict[str, object]
    fatal: bool = False  # the server cannot be used: later messages fail the same way

    def text(self, lang: str) -> str:
        return say(self.code, lang, **self.params)


class Utf8Client(smtplib.SMTP):
    """smtplib's client with its AUTH in UTF-8. smtplib encodes the user name and password as
    ASCII, so that a password such as "rahasia-ä" ended in a UnicodeEncodeError traceback;
    RFC 4616 (PLAIN) says UTF-8, and servers read LOGIN and CRAM-MD5 the same way."""

    def auth(self, mechanism: str, authobject: Callable[..., str | None], *,
             initial_response_ok: bool = True) -> tuple[int, bytes]:
        mechanism = mechanism.upper()
        initial = authobject() if initial_response_ok else None
        # smtplib's auth_login tells the user-name prompt from the password's by this count
        self._auth_challenge_count = 0
        if initial is not None:
            code, reply = self.docmd("AUTH", f"{mechanism} {_base64(initial)}")
            self._auth_challenge_count = 1
        else:
            code, reply = self.docmd("AUTH", mechanism)
        while code == 334:  # the server asks for more: answer its challenge
            self._auth_challenge_count += 1
            if self._auth_challenge_count > 5:  # smtplib's limit for a server that never stops
                raise smtplib.SMTPException(f"AUTH {mechanism} does not end: {code} {reply!r}")
            code, reply = self.docmd(_base64(authobject(base64.decodebytes(reply)) or ""))
        if code in (235, 503):  # 503: already authenticated
            return code, reply
        raise smtplib.SMTPAuthenticationError(code, reply)

    def auth_cram_md5(  # type: ignore[override]  # the stub splits this into two overloads
            self, challenge: bytes | None = None) -> str | None:
        if challenge is None:
            return None  # CRAM-MD5 has no initial response
        digest = hmac.HMAC(self.password.encode("utf-8"), challenge, "md5").hexdigest()
        return f"{self.user} {digest}"


def _base64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


class Connection:
    """One SMTP session, opened on the first message and after a dropped one."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.client: smtplib.SMTP | None = None

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, message: EmailMessage, to: str) -> Failure | None:
        """Deliver `message` to the address `to`; None when the server accepted it."""
        if self.client is None:
            failure = self._open()
            if failure is not None:
                return failure
        client = self.client
        if client is None:  # _open sets it whenever it returns no failure
            return Failure("mail.reason_dropped", self._where())
        try:
            client.send_message(message, from_addr=self.settings.sender, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = exc.recipients.get(to, (550, b""))
            return Failure("mail.reason_refused", {"code": code, "text": _text(text)})
        except smtplib.SMTPSenderRefused as exc:
            return Failure("mail.reason_rejected", {"code": exc.smtp_code,
                                                    "text": _text(exc.smtp_error)})
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code == 421:  # the server is closing the session: open a new one
                self._drop()
            return Failure("mail.reason_rejected", {"code": exc.smtp_code,
                                                    "text": _text(exc.smtp_error)})
        except (smtplib.SMTPServerDisconnected, OSError):
            self._drop()
            return Failure("mail.reason_dropped", self._where())
        return None

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (smtplib.SMTPException, OSError):
                self.client.close()  # a server that went away needs no goodbye
            self.client = None

    def _open(self) -> Failure | None:
        settings = self.settings
        try:
            client = Utf8Client(settings.host, settings.port, timeout=TIMEOUT)
        except (OSError, smtplib.SMTPException) as exc:
            return Failure("mail.reason_down", {**self._where(), "error": _reason(exc)},
                           fatal=True)
        try:
            client.ehlo()
            if settings.starttls:
                if not client.has_extn("starttls"):
                    client.close()
                    return Failure("mail.reason_no_starttls", self._where(), fatal=True)
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if settings.user:
                client.login(settings.user, settings.password)
        except smtplib.SMTPAuthenticationError as exc:
            client.close()
            return Failure("mail.reason_auth", {"user": settings.user, "code": exc.smtp_code,
                                                "text": _text(exc.smtp_error),
                                                "env": settings.password_env}, fatal=True)
        except (OSError, smtplib.SMTPException) as exc:
            client.close()
            return Failure("mail.reason_down", {**self._where(), "error": _reason(exc)},
                           fatal=True)
        self.client = client
        return None

    def _drop(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def _where(self) -> dict[str, object]:
        return {"host": self.settings.host, "port": self.settings.port}


def _text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())  # one line, whatever the server wrote


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or _text(str(exc)) or type(exc).__name__
