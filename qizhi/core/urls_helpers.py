"""URL patterns generated from a model's views: ``<app>:<model>_<action>``, plural kebab-case paths."""

from __future__ import annotations

from django.urls import path

ROUTES = (
    ("", "list"),
    ("add/", "add"),
    ("export/", "export"),
    ("import/", "import"),
    ("import/template/", "import_template"),
    ("deleted/", "deleted"),
    ("deleted/<int:history_id>/restore/", "restore"),
    ("<int:pk>/", "detail"),
    ("<int:pk>/edit/", "edit"),
    ("<int:pk>/delete/", "delete"),
    ("<int:pk>/history/", "history"),
)


def crud_urls(prefix: str, model_name: str, **views) -> list:
    """Paths for the views given by action name (``list=…, detail=…, import_=…``)."""
    views = {action.rstrip("_"): view for action, view in views.items()}
    unknown = set(views) - {action for _suffix, action in ROUTES}
    if unknown:
        raise ValueError(f"unknown actions: {sorted(unknown)}")
    return [
        path(f"{prefix}/{suffix}", views[action].as_view(), name=f"{model_name}_{action}")
        for suffix, action in ROUTES
        if action in views
    ]
