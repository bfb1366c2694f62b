"""Customer accounts under /account/: Django's authentication views with our templates."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.urls import path, reverse_lazy
from wagtail import hooks

from core.password_reset import PasswordResetConfirmView, PasswordResetView

# Functions of the request of a user who just logged in, giving where to send them, or None.
LOGIN_REDIRECT_HOOK = "login_redirect_url"


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's form announces the username's length but does not check it; a longer one
        # would reach django-axes, which records the username tried in 255 characters.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginView(auth_views.LoginView):
    form_class = LoginForm

    @property
    def redirect_authenticated_user(self):
        # Wagtail sends whoever a page restriction refuses here, logged in or not: sending a
        # logged-in visitor back to `next` would loop. Only a plain visit redirects them.
        return not self.get_redirect_url()

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # Refused by the page in `next`: say so, and offer to log in with another account.
            context = self.get_context_data(refused_while_logged_in=True)
            return self.render_to_response(context, status=403)
        return super().get(request, *args, **kwargs)

    def get_default_redirect_url(self):
        """Without a `next`, where an app sends this user (the ``login_redirect_url`` hook:
        showroom, their company's client space), else LOGIN_REDIRECT_URL."""
        for redirect_for in hooks.get_hooks(LOGIN_REDIRECT_HOOK):
            url = redirect_for(self.request)
            if url:
                return url
        return settings.LOGIN_REDIRECT_URL


urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        PasswordResetView.as_view(
            success_url=reverse_lazy("password_reset_done"),
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete")),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
