"""The 党员花名册 import: people and their memberships from one .xlsx, all or nothing."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export import widgets

from qizhi.core.resources import ChineseDateWidget, ChoiceWidget, Column, ScopedModelResource
from qizhi.org.models import Person
from qizhi.org.resources import PersonResource
from qizhi.party import services
from qizhi.party.choices import MembershipStatus, PartyOrgKind
from qizhi.party.models import Membership, PartyOrg


class PartyOrgWidget(widgets.Widget):
    """A party organization by name, among those the importing user may edit."""

    def __init__(self, resource: ScopedModelResource, *, kinds, label: str, required: bool):
        super().__init__()
        self.resource, self.kinds, self.label, self.required = resource, kinds, label, required
        self._cache: dict[str, list[PartyOrg]] = {}

    def clean(self, value, row=None, **kwargs):
        name = "" if value is None else str(value).strip()
        if not name:
            if self.required:
                raise ValueError(_("{label}不能为空").format(label=self.label))
            return None
        if name not in self._cache:
            orgs = PartyOrg.objects.editable_by(self.resource.user).filter(name=name, kind__in=self.kinds)
            self._cache[name] = list(orgs)
        found = self._cache[name]
        if not found:
            raise ValueError(_("{label}“{name}”不存在，或不在您的管理范围内").format(label=self.label, name=name))
        if len(found) > 1:
            raise ValueError(_("{label}名称“{name}”不唯一").format(label=self.label, name=name))
        return found[0]

    def template_choices(self) -> list[str]:
        orgs = PartyOrg.objects.editable_by(self.resource.user).filter(kind__in=self.kinds)
        return list(dict.fromkeys(orgs.values_list("name", flat=True)[:500]))


class PersonRowResource(PersonResource):
    """The people roster's rules for one row at a time: the membership needs the person saved first."""

    class Meta(PersonResource.Meta):
        use_bulk = False


class RosterResource(ScopedModelResource):
    """Each row is a person (created or updated as in the people roster) and their membership."""

    branch = Column(attribute="branch", column_name="所在支部", required=True)
    group = Column(attribute="group", column_name="党小组")
    status = Column(
        attribute="status",
        column_name="党员类别",
        widget=ChoiceWidget(MembershipStatus.choices, field_label="党员类别"),
        required=True,
    )
    joined_on = Column(attribute="joined_on", column_name="入党日期", widget=ChineseDateWidget(), required=True)
    full_on = Column(attribute="full_on", column_name="转正日期", widget=ChineseDateWidget())

    class Meta:
        model = Membership
        fields = ("branch", "group", "status", "joined_on", "full_on")
        clean_model_instances = False  # the membership rules live in services.join
        skip_diff = True
        use_bulk = False

    row_meaning = _lazy("一名党员（人员信息及其组织关系）")
    template_sample: ClassVar[dict[str, object]] = {
        **PersonResource.template_sample, "党员类别": "正式党员", "入党日期": datetime.date(2010, 7, 1),
        "转正日期": datetime.date(2011, 7, 1),
    }  # fmt: skip

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.people = PersonRowResource(**kwargs)
        self.fields["branch"].widget = PartyOrgWidget(
            self, kinds=(PartyOrgKind.BRANCH, PartyOrgKind.GENERAL_BRANCH), label=_("所在支部"), required=True
        )
        self.fields["group"].widget = PartyOrgWidget(
            self, kinds=(PartyOrgKind.GROUP,), label=_("党小组"), required=False
        )

    @classmethod
    def required_columns(cls) -> list[str]:
        return PersonResource.required_columns() + super().required_columns()

    def column_names(self) -> dict[str, str]:
        return {**self.people.column_names(), **super().column_names(), "person": "身份证号码"}

    def get_import_fields(self):
        return self.people.get_import_fields() + super().get_import_fields()

    def get_export_fields(self, selected_fields=None):
        return super().get_import_fields()

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.people.before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        """Import the person part first, with the people roster's own rules; its errors are this row's."""
        self.people.excel_rows = self.excel_rows
        result = self.people.import_row(row, self.people._meta.instance_loader_class(self.people), **kwargs)
        if result.validation_error is not None:
            raise result.validation_error
        if result.errors:
            raise ValidationError(str(result.errors[0].error))
        row["_person"] = Person.objects.get(id_number=row["身份证号码"])

    def get_or_init_instance(self, instance_loader, row):
        current = services.current_membership(row["_person"])
        if current is not None:
            return current, False
        return Membership(person=row["_person"]), True

    def import_instance(self, instance, row, **kwargs):
        branch = instance.branch if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        if branch is not None and instance.branch_id != branch.pk:
            raise ValidationError(
                {
                    "branch": _("{person}已是{branch}的党员；转到其他支部请办理组织关系转接").format(
                        person=instance.person, branch=branch
                    )
                }
            )

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create:
            services.join(
                instance.person,
                branch=instance.branch,
                group=instance.group,
                status=instance.status,
                joined_on=instance.joined_on,
                full_on=instance.full_on,
                by=self.user,
            )
            return
        instance.full_clean(exclude=["person", "branch"])
        instance.stamp(self.user)
        instance.save()

    def get_user_visible_fields(self):
        return self.get_import_fields()
