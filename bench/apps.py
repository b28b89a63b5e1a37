from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed by bench/server_settings.py only: registers the drill's notification channel."""

    name = "bench"
    label = "bench"

    def ready(self) -> None:
        from madoguchi.core.notifications import notifiers

        from .notifier import DrillNotifier

        if "drill" not in notifiers:
            notifiers.register(DrillNotifier())
