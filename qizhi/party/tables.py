from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.org.validators import mask_birth_date
from qizhi.party.models import Election, Membership, PartyOrg, Transfer


class MembershipTable(ObjectTable):
    person = tables.Column(
        verbose_name=_("姓名"), linkify=lambda record: record.get_absolute_url(), order_by="person__pinyin"
    )
    gender = tables.Column(verbose_name=_("性别"), accessor="person__get_gender_display", orderable=False)
    birth_date = tables.Column(verbose_name=_("出生年份"), accessor="person__birth_date")
    education = tables.Column(verbose_name=_("学历"), accessor="person__get_education_display", orderable=False)
    branch = tables.Column(verbose_name=_("所在支部"), order_by="branch__path")
    group = tables.Column(verbose_name=_("党小组"))
    retired = tables.Column(verbose_name=_("在职/退休"), accessor="person__retired")

    class Meta(ObjectTable.Meta):
        model = Membership
        fields = [
            "person",
            "gender",
            "birth_date",
            "education",
            "branch",
            "group",
            "status",
            "joined_on",
            "full_on",
            "retired",
        ]

    def render_birth_date(self, value):
        return mask_birth_date(value)  # as in the people list, where the ID number is masked

    def render_retired(self, value):
        return _("退休") if value else _("在职")


class PartyOrgTable(ObjectTable):
    name = tables.Column(linkify=True)

    class Meta(ObjectTable.Meta):
        model = PartyOrg
        fields = ["name", "kind", "unit", "retirees", "established_on"]


class TransferTable(ObjectTable):
    person = tables.Column(verbose_name=_("党员"), linkify=lambda record: record.get_absolute_url())
    source = tables.Column(verbose_name=_("转出组织"), empty_values=(), orderable=False)
    target = tables.Column(verbose_name=_("转入组织"), empty_values=(), orderable=False)

    class Meta(ObjectTable.Meta):
        model = Transfer
        fields = ["person", "kind", "source", "target", "status", "requested_on", "completed_on", "letter_number"]


class ElectionTable(ObjectTable):
    party_org = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by="party_org__path")
    new_term = tables.Column(verbose_name=_("产生的届次"))

    class Meta(ObjectTable.Meta):
        model = Election
        fields = ["party_org", "held_on", "voters", "present", "seats", "status", "approved_on", "new_term"]
