"""Password reset, for customers (/account/) and in Wagtail's admin (/admin/password_reset/).

Reset e-mails are rate-limited per client address and per e-mail address asked for
(core/ratelimit.py), so that nobody can flood a mailbox or use the site to send mail.
Over a limit, the form comes back with a French message (status 429) and no e-mail is sent.
Every valid request counts, whether an account has that address or not: the answer is the same
for both, and says nothing about which addresses have an account.

Setting a new password from the e-mailed link also lifts a login lockout on that account
(core/login_lockout.py): whoever reads the account's mailbox is its owner.

The e-mail goes through the task queue (core/mail.py): the answer does not wait for the mail
server, and a server that fails is logged, as Django's own form does.
"""

from axes.utils import reset as reset_login_failures
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.template.loader import render_to_string
from wagtail.admin.forms import auth as wagtail_auth_forms
from wagtail.admin.views import account as wagtail_account

from core import mail, ratelimit

# Per client address, and per e-mail address asked for.
ADDRESS_SCOPE = ratelimit.Scope("password_reset", allowed=5, window=60 * 60)
EMAIL_SCOPE = ratelimit.Scope("password_reset_email", allowed=3, window=60 * 60)


def limited_message():
    window = max(ratelimit.limit_for(scope)[1] for scope in (ADDRESS_SCOPE, EMAIL_SCOPE))
    return (
        "Trop de demandes de réinitialisation pour cette adresse e-mail ou depuis votre "
        "connexion : par sécurité, aucun e-mail n'a été envoyé. Si vous avez déjà fait une "
        "demande, le lien est dans votre messagerie (pensez aux indésirables) ; sinon, "
        f"réessayez dans {window // 60} minutes."
    )


class QueuedMailMixin:
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Plain text only: neither reset view names an HTML template.
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        mail.send(subject, body, [to_email], from_email=from_email)


class PasswordResetForm(QueuedMailMixin, auth_forms.PasswordResetForm):
    pass


class AdminPasswordResetForm(QueuedMailMixin, wagtail_auth_forms.PasswordResetForm):
    pass


class LimitedPasswordResetMixin:
    def form_valid(self, form):
        # The same normalisation as the account lookup (case-insensitive): one counter per
        # mailbox, however its address is typed.
        email = form.cleaned_data["email"].lower()
        if not ratelimit.consume(self.request, ADDRESS_SCOPE) or not ratelimit.consume(
            self.request, EMAIL_SCOPE, identity=email
        ):
            form.add_error(None, limited_message())
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class UnlockingPasswordResetConfirmMixin:
    def form_valid(self, form):
        reset_login_failures(username=form.user.get_username())
        return super().form_valid(form)


class PasswordResetView(LimitedPasswordResetMixin, auth_views.PasswordResetView):
    form_class = PasswordResetForm


class PasswordResetConfirmView(
    UnlockingPasswordResetConfirmMixin, auth_views.PasswordResetConfirmView
):
    pass


class AdminPasswordResetView(LimitedPasswordResetMixin, wagtail_account.PasswordResetView):
    def get_form_class(self):
        return AdminPasswordResetForm


class AdminPasswordResetConfirmView(
    UnlockingPasswordResetConfirmMixin, wagtail_account.PasswordResetConfirmView
):
    pass
