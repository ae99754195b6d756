from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mgn.accounts"
    label = "accounts"
    verbose_name = "Accounts"
