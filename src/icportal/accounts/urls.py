from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_language, views_otp, views_users

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views_language.language, name="language"),
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
    path("two-factor/backup-codes/", views_otp.backup_codes, name="backup_codes"),
    path("users/", views_users.users, name="users"),
    path("users/<int:pk>/", views_users.user_detail, name="user_detail"),
    path(
        "users/<int:pk>/reset-two-factor/",
        views_users.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
    path("users/<int:pk>/deactivate/", views_users.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/language/", views_users.user_language, name="user_language"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
