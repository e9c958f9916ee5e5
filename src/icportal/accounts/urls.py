from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_otp

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "set-password/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("two-factor/", views_otp.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views_otp.two_factor_verify, name="two_factor_verify"),
    path("tokens/", views.tokens, name="tokens"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
