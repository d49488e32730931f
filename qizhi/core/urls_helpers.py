"""URL patterns generated from a model's views: ``<app>:<model>_<action>``, plural kebab-case paths."""

from __future__ import annotations

from django.urls import path


def crud_urls(
    prefix: str,
    model_name: str,
    *,
    list=None,
    add=None,
    detail=None,
    edit=None,
    delete=None,
    history=None,
    export=None,
    import_=None,
    import_template=None,
) -> list:
    routes = [
        ("", list, "list"),
        ("add/", add, "add"),
        ("export/", export, "export"),
        ("import/", import_, "import"),
        ("import/template/", import_template, "import_template"),
        ("<int:pk>/", detail, "detail"),
        ("<int:pk>/edit/", edit, "edit"),
        ("<int:pk>/delete/", delete, "delete"),
        ("<int:pk>/history/", history, "history"),
    ]
    return [
        path(f"{prefix}/{suffix}", view.as_view(), name=f"{model_name}_{action}")
        for suffix, view, action in routes
        if view
    ]
