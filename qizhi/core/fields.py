"""Model fields the framework adds to Django's."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _


class ChoiceListField(models.JSONField):
    """Several codes of one ``TextChoices`` (the kinds of organization a rule applies to), kept as a JSON list.

    Forms offer check boxes; every code is checked against the choices, with a message naming the field;
    pages and history read ``labels(value)``, never the codes. The choices are the code's business, not
    the schema's (a new label needs no migration), so they stay out of ``deconstruct``.
    """

    def __init__(self, *args, item_choices: type[models.TextChoices] | None = None, **kwargs):
        self.item_choices = item_choices
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def blank_message(self) -> str:
        return _("请至少选择一项{field}").format(field=self.verbose_name)

    def validate(self, value, model_instance):
        if not self.blank and not value:
            raise ValidationError(self.blank_message(), code="blank")
        super().validate(value, model_instance)
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            raise ValidationError(_("{field}应为若干选项的列表").format(field=self.verbose_name), code="invalid")
        known = set(self.item_choices.values) if self.item_choices else set(value)
        wrong = [code for code in value if code not in known]
        if wrong:
            raise ValidationError(
                _("{field}中的“{code}”不是有效的选项").format(field=self.verbose_name, code=wrong[0]), code="invalid"
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("{field}中有重复的选项").format(field=self.verbose_name), code="invalid")

    def labels(self, value) -> str:
        """The value as people read it: the labels in the choices' order, joined by 、."""
        if not value:
            return ""
        if self.item_choices is None:
            return "、".join(str(code) for code in value)
        chosen = set(value)
        named = [str(label) for code, label in self.item_choices.choices if code in chosen]
        return "、".join(named + [str(code) for code in value if code not in self.item_choices.values])

    def formfield(self, **kwargs):
        if self.item_choices is None:
            return super().formfield(**kwargs)
        return forms.TypedMultipleChoiceField(
            choices=self.item_choices.choices,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": self.blank_message()},
        )
