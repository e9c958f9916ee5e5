"""Placeholder until the sandbox is built (issue 3)."""

app_name = "icegate_sandbox"
urlpatterns: list = []
