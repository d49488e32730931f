from __future__ import annotations

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.publicity.models import Bulletin
from qizhi.publicity.testing import publicity_of


class TestBulletinCrud(ScopedCrudTests):
    url_base = "publicity:bulletin"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return publicity_of(bureau)["bulletin"]

    def deletable_sample(self, bureau):
        bulletin = Bulletin(unit=bureau.unit, name="停编的简报")
        bulletin.save()
        return bulletin

    def create_data(self, bureau):
        return {"unit": bureau.unit.pk, "name": "创先争优信息简报", "active": "on"}

    def edit_data(self, obj):
        return {"unit": obj.unit_id, "name": obj.name, "issuer": "县司法局政治处", "active": "on",
                "version": obj.version}  # fmt: skip


class TestBulletinIssueCrud(ScopedCrudTests):
    url_base = "publicity:bulletinissue"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER
    deletable = False  # numbers have no gaps: an issue is corrected, never deleted

    def sample(self, bureau):
        return publicity_of(bureau)["issue"]

    def create_data(self, bureau):
        bulletin = publicity_of(bureau)["bulletin"]
        return {"bulletin": bulletin.pk, "title": "第二期", "issued_on": "2026-03-09", "text": "正文一\n正文二"}

    def edit_data(self, obj):
        return {"bulletin": obj.bulletin_id, "title": obj.title + "（更正）", "issued_on": "2026-03-03",
                "text": obj.text, "editor": "宣教科", "version": obj.version}  # fmt: skip


class TestArticleCrud(ScopedCrudTests):
    url_base = "publicity:article"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return publicity_of(bureau)["article"]

    def create_data(self, bureau):
        return {"unit": bureau.judicial_office.pk, "title": "司法所化解邻里纠纷", "kind": "news",
                "outlet": "云溪日报", "outlet_level": "county", "published_on": "2026-05-06"}  # fmt: skip

    def edit_data(self, obj):
        return {"unit": obj.unit_id, "title": obj.title, "kind": "experience", "outlet": obj.outlet,
                "outlet_level": "provincial", "published_on": "2026-04-09", "version": obj.version}  # fmt: skip
