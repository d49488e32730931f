"""CRUD and scoping of campaign records, declared against the shared base."""

import pytest

from qizhi.accounts.roles import Role
from qizhi.campaigns.models import Rectification
from qizhi.campaigns.testing import campaign_of
from qizhi.core.testing import ScopedCrudTests

pytestmark = pytest.mark.django_db


class _Base:
    """What every campaign model's CRUD test shares (a mixin: the coverage meta-test reads the direct
    subclasses of ScopedCrudTests)."""

    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER
    key = ""

    def sample(self, bureau):
        return campaign_of(bureau)[self.key]


class TestCampaignCrud(_Base, ScopedCrudTests):
    url_base = "campaigns:campaign"
    key = "campaign"

    def create_data(self, bureau):
        return {"unit": bureau.unit.pk, "title": "创先争优活动", "start": "2026-01-01", "end": "2026-12-31",
                "opinions_anonymous": "on"}  # fmt: skip

    def edit_data(self, obj):
        return {"unit": obj.unit_id, "title": "深入学习实践科学发展观活动（修订）", "start": "2026-03-01",
                "end": "2026-12-31", "version": obj.version}  # fmt: skip

    def deletable_sample(self, bureau):
        from qizhi.campaigns.models import Campaign

        campaign = Campaign(unit=bureau.unit, title="待删除的活动", start="2026-01-01", end="2026-02-01")
        campaign.save()
        return campaign


class TestPhaseCrud(_Base, ScopedCrudTests):
    url_base = "campaigns:phase"

    def sample(self, bureau):
        return campaign_of(bureau)["phases"][0]

    def create_data(self, bureau):
        campaign = campaign_of(bureau)["campaign"]
        campaign.phases.filter(order=3).update(end="2026-08-31")
        return {"campaign": campaign.pk, "order": 4, "name": "总结提高", "start": "2026-09-01", "end": "2026-10-31"}

    def edit_data(self, obj):
        return {"campaign": obj.campaign_id, "order": obj.order, "name": "学习调研（修订）", "start": "2026-03-01",
                "end": "2026-04-28", "version": obj.version}  # fmt: skip


class TestWorkingGroupCrud(_Base, ScopedCrudTests):
    url_base = "campaigns:workinggroup"
    key = "group"

    def create_data(self, bureau):
        return {"campaign": campaign_of(bureau)["campaign"].pk, "kind": "working", "name": "第二调研组",
                "units": [bureau.judicial_office.pk]}  # fmt: skip

    def edit_data(self, obj):
        return {"campaign": obj.campaign_id, "kind": obj.kind, "name": "领导小组（调整）", "version": obj.version}


class TestGroupMemberCrud(_Base, ScopedCrudTests):
    url_base = "campaigns:groupmember"
    key = "member"

    def create_data(self, bureau):
        return {"group": campaign_of(bureau)["group"].pk, "person": bureau.people[2].pk, "role": "deputy"}

    def edit_data(self, obj):
        return {"group": obj.group_id, "person": obj.person_id, "role": "member", "ends_on": "2026-09-30",
                "version": obj.version}  # fmt: skip


class TestResearchTopicCrud(_Base, ScopedCrudTests):
    url_base = "campaigns:researchtopic"
    key = "topic"

    def create_data(self, bureau):
        return {"campaign": campaign_of(bureau)["campaign"].pk, "order": 2, "title": "如何扎实开展三服务"}

    def edit_data(self, obj):
        return {"campaign": obj.campaign_id, "order": 1, "title": "如何创新人民调解工作机制（修订）",
                "version": obj.version}  # fmt: skip


class TestReportCrud(_Base, ScopedCrudTests):
    url_base = "campaigns:report"
    key = "report"

    def create_data(self, bureau):
        return {"campaign": campaign_of(bureau)["campaign"].pk, "kind": "proposal", "title": "科学发展建议书",
                "submitted_on": "2026-04-25"}  # fmt: skip

    def edit_data(self, obj):
        return {"campaign": obj.campaign_id, "kind": obj.kind, "title": "调研报告（定稿）",
                "submitted_on": "2026-04-21", "version": obj.version}  # fmt: skip


class TestOpinionCrud(_Base, ScopedCrudTests):
    url_base = "campaigns:opinion"
    key = "opinion"
    creatable = False  # sent through the consultation form (test_opinions.py)

    def edit_data(self, obj):
        return {"category": "efficiency", "version": obj.version}


class TestProblemCrud(_Base, ScopedCrudTests):
    url_base = "campaigns:problem"
    key = "problem"

    def create_data(self, bureau):
        return {"campaign": campaign_of(bureau)["campaign"].pk, "category": "efficiency", "source": "inspection",
                "description": "办事效率不高", "found_on": "2026-05-20"}  # fmt: skip

    def edit_data(self, obj):
        return {"campaign": obj.campaign_id, "category": obj.category, "source": obj.source,
                "description": "服务基层不够主动（修订）", "found_on": "2026-05-11",
                "version": obj.version}  # fmt: skip

    def deletable_sample(self, bureau):
        from qizhi.campaigns.models import Problem

        return Problem.objects.create(campaign=campaign_of(bureau)["campaign"], category="theory", source="talk",
                                      description="理论学习不深入", found_on="2026-05-01")  # fmt: skip


class TestRectificationCrud(_Base, ScopedCrudTests):
    url_base = "campaigns:rectification"
    key = "item"

    def create_data(self, bureau):
        return {"problem": campaign_of(bureau)["problem"].pk, "measure": "建立限时办结制度", "target": "按时办结",
                "deadline": "2026-11-30", "weight": "1"}  # fmt: skip

    def edit_data(self, obj):
        return {"problem": obj.problem_id, "measure": "推行预约延时服务（修订）", "target": obj.target,
                "indicator": obj.indicator, "goal": obj.goal, "deadline": "2026-12-01",
                "responsible_person": obj.responsible_person_id, "responsible_unit": obj.responsible_unit_id,
                "weight": "2", "version": obj.version}  # fmt: skip

    def deletable_sample(self, bureau):
        data = campaign_of(bureau)
        return Rectification.objects.create(campaign=data["campaign"], problem=data["problem"], measure="待删除")


class TestRuleCrud(_Base, ScopedCrudTests):
    url_base = "campaigns:rule"
    key = "rule"

    def create_data(self, bureau):
        return {"unit": bureau.unit.pk, "campaign": campaign_of(bureau)["campaign"].pk, "title": "服务承诺制度",
                "made_on": "2026-07-15"}  # fmt: skip

    def edit_data(self, obj):
        return {"unit": obj.unit_id, "campaign": obj.campaign_id, "title": "首问负责制度（修订）",
                "made_on": "2026-07-02", "version": obj.version}  # fmt: skip
