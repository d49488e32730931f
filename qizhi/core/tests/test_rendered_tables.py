"""The rendered list tables are shared by users of one scope and never outlive a write (issue 16 §1).

``core.tables.RenderedTable`` caches a list's table under the data generation, the language, the view, the
user's scope signature and the full path. Here: users of two sibling bureaus with the same role, and a user of
the same bureau with a narrower grant, never see each other's rows at the same address; two users with the
same grants share one rendering; a write, a new grant or a revoked one shows at the next request.
"""

from __future__ import annotations

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Role
from qizhi.core.scoping import forget_scope, scope_of
from qizhi.org.testing import make_person, make_user

pytestmark = pytest.mark.django_db

PEOPLE = "/org/people/"


def page(client, user, url: str = PEOPLE) -> tuple[str, int]:
    """The page's HTML and how many queries it ran."""
    forget_scope(user)
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def names(bureau) -> set[str]:
    return {person.name for person in bureau.people}


def test_sibling_bureaus_at_one_address_each_see_their_own_rows(client, personas):
    a_html, _ = page(client, personas.a.admin)
    b_html, _ = page(client, personas.b.admin)
    assert all(name in a_html for name in names(personas.a)) and not any(name in a_html for name in names(personas.b))
    assert all(name in b_html for name in names(personas.b)) and not any(name in b_html for name in names(personas.a))
    again, _ = page(client, personas.a.admin)  # from the cache now: still A's rows only
    assert not any(name in again for name in names(personas.b))


def test_a_narrower_grant_in_the_same_bureau_sees_only_its_subtree(client, personas):
    page(client, personas.a.admin)  # the whole bureau's list is in the cache
    office_html, _ = page(client, personas.a.staff)  # 干警职工 of the 司法所
    judicial = {p.name for p in personas.a.people if p.unit_id == personas.a.judicial_office.pk}
    elsewhere = names(personas.a) - judicial
    assert judicial and all(name in office_html for name in judicial)
    assert not any(name in office_html for name in elsewhere)


def test_users_with_the_same_grants_share_one_rendering(client, personas):
    twin = make_user("a_admin_twin", role=Role.ADMIN, unit=personas.a.unit)
    assert scope_of(twin).signature() == scope_of(personas.a.admin).signature()
    first_html, first_queries = page(client, personas.a.admin)
    page(client, twin)  # a first request may renew the session: measure the second
    twin_html, twin_queries = page(client, twin)
    assert twin_html.count("<tr") == first_html.count("<tr")
    assert twin_queries < first_queries - 1  # no count, no page of rows: the table came from the cache


def test_a_new_person_shows_at_the_next_request(client, personas):
    before, _ = page(client, personas.a.admin)
    assert "新来的人" not in before
    make_person(personas.a.office, "新来的人")
    after, _ = page(client, personas.a.admin)
    assert "新来的人" in after


def test_a_write_committed_by_someone_else_shows_at_the_next_request(
    client, personas, django_capture_on_commit_callbacks
):
    page(client, personas.a.admin)
    with django_capture_on_commit_callbacks(execute=True):
        make_person(personas.a.judicial_office, "刚调入的人")
    after, _ = page(client, personas.a.admin)
    assert "刚调入的人" in after


def test_a_revoked_grant_takes_the_rows_away_and_a_new_one_brings_them(client, personas):
    user = make_user("a_temp", role=Role.ADMIN, unit=personas.a.unit)
    html, _ = page(client, user)
    assert all(name in html for name in names(personas.a))
    grant = Grant.objects.get(user=user)
    grant.unit = personas.a.judicial_office  # moved down to the 司法所
    grant.save()
    html, _ = page(client, user)
    assert not any(name in html for name in names(personas.a) - {personas.a.people[1].name})
    Grant.objects.create(user=user, role=Role.ADMIN, unit=personas.b.unit)
    html, _ = page(client, user)
    assert all(name in html for name in names(personas.b))


def test_filters_sorting_and_pages_are_separate_renderings(client, personas):
    everyone, _ = page(client, personas.a.admin)
    retired, _ = page(client, personas.a.admin, PEOPLE + "?retired=1")
    assert retired != everyone
    assert personas.a.people[2].name in retired and personas.a.people[0].name not in retired


def menu_of(html: str) -> str:
    return html.split('<ul class="navbar-nav me-auto">', 1)[1].split('<ul class="navbar-nav">', 1)[0]


def test_the_menu_follows_the_grants_at_the_next_request(client, personas):
    user = make_user("a_menu", role=Role.ADMIN, unit=personas.a.unit)
    html, _ = page(client, user, "/")
    assert "导入人员" in menu_of(html)
    staff_html, _ = page(client, personas.a.staff, "/")
    assert "导入人员" not in menu_of(staff_html)  # a 干警职工 right after: not the administrator's cached menu
    Grant.objects.filter(user=user).update(role=Role.STAFF)  # no signal: the signature changes all the same
    html, _ = page(client, user, "/")
    assert "导入人员" not in menu_of(html)


def test_the_unit_filter_offers_a_new_unit_at_the_next_request_and_never_the_siblings(client, personas):
    from qizhi.org.models import Unit

    html, _ = page(client, personas.a.admin)
    assert personas.b.judicial_office.name not in html  # 乙县司法所 is the sibling's
    Unit.objects.add_child(personas.a.unit, create_kwargs={"name": "新设的调解中心", "kind": "department"})
    html, _ = page(client, personas.a.admin)
    assert "新设的调解中心" in html
    b_html, _ = page(client, personas.b.admin)
    assert "新设的调解中心" not in b_html and personas.b.judicial_office.name in b_html


def test_the_unit_page_shows_a_new_person_and_the_buttons_of_whoever_looks(client, personas):
    url = personas.a.unit.get_absolute_url()
    html, _ = page(client, personas.a.admin, url)
    assert "新增下级单位" in html and "新到的干部" not in html
    leader_html, _ = page(client, personas.a.leader, url)  # 局领导 may not add units: not the admin's cached button
    assert "新增下级单位" not in leader_html
    make_person(personas.a.unit, "新到的干部")
    html, _ = page(client, personas.a.admin, url)
    assert "新到的干部" in html and "新增下级单位" in html


def test_the_party_tree_is_each_bureaus_own_and_shows_a_new_organization(client, personas):
    from qizhi.party import services as party
    from qizhi.party.choices import PartyOrgKind
    from qizhi.party.testing import party_of

    def shown(html: str, bureau) -> bool:
        orgs = party_of(bureau)
        return all(f'data-org="{orgs[k].name}"' in html for k in ("branch", "group", "second"))

    page(client, personas.a.admin, "/party/orgs/tree/")  # empty trees first: then the bureaus build theirs
    party_of(personas.a), party_of(personas.b)
    a_html, _ = page(client, personas.a.admin, "/party/orgs/tree/")
    b_html, _ = page(client, personas.b.admin, "/party/orgs/tree/")
    assert shown(a_html, personas.a) and not shown(a_html, personas.b)
    assert shown(b_html, personas.b) and not shown(b_html, personas.a)
    party.create_party_org(
        parent=None,
        by=personas.a.party_affairs,
        name="新建的第九党支部",
        kind=PartyOrgKind.BRANCH,
        unit=personas.a.unit,
    )
    a_html, _ = page(client, personas.a.admin, "/party/orgs/tree/")
    assert 'data-org="新建的第九党支部"' in a_html


def sql_of(client, user, url: str) -> list[str]:
    forget_scope(user)
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_kept_page_neither_offers_nor_checks_its_filters_again(client, personas):
    """The filter bar is kept with the table (``core.tables.RenderedFilters``): at a kept address the filterset
    is not made, so neither the unit filter's check of ``?unit=`` nor the organization options are read."""
    url = f"/party/members/?unit={personas.a.unit.pk}"
    first = sql_of(client, personas.a.admin, url)
    assert any(sql.startswith('SELECT "org_unit"') for sql in first)  # the unit filter checks the id it is given
    assert any('FROM "party_partyorg"' in sql for sql in first)
    again = sql_of(client, personas.a.admin, url)
    assert not any(sql.startswith('SELECT "org_unit"') or 'FROM "party_partyorg"' in sql for sql in again), again
    assert len(again) < len(first)


def filter_bar(html: str) -> str:
    return html.split('<form method="get" class="card card-body py-2 mb-3 qz-filter">', 1)[1].split("</form>", 1)[0]


def test_a_kept_filter_bar_is_the_one_rendered_for_the_address(client, personas):
    """Bad values show their errors from the cache as they did when rendered, and each address keeps its own."""
    bad = PEOPLE + "?gender=x&unit=999999999999999999999999"
    fresh, _ = page(client, personas.a.admin, bad)
    kept, _ = page(client, personas.a.admin, bad)
    assert 'class="text-danger small mt-1"' in filter_bar(fresh)
    assert filter_bar(kept) == filter_bar(fresh)
    plain, _ = page(client, personas.a.admin)
    assert 'class="text-danger small mt-1"' not in filter_bar(plain)


# --- Lists whose visible rows read the user, not only the grants (``ScopedQuerySet.personal``) ------------------


def test_ones_own_work_logs_are_never_shown_to_someone_with_the_same_grants(client, personas):
    """Everyone without a grant shares one signature; a member's own work log is theirs alone to read."""
    from qizhi.study.testing import study_of

    log = study_of(personas.a)["log"]
    writer, other = make_user("log_writer"), make_user("log_reader")
    assert scope_of(writer).signature() == scope_of(other).signature()
    log.person.user = writer
    log.person.save()
    url = reverse("study:worklog_list")
    mine, _ = page(client, writer, url)
    assert log.content in mine
    theirs, _ = page(client, other, url)
    assert log.content not in theirs
    again, _ = page(client, writer, url)  # and the other's empty list was not kept for the writer either
    assert log.content in again


def test_a_members_branch_meetings_are_never_shown_to_a_colleague_with_the_same_grant(client, personas):
    """Two 干警 granted on the 司法所: the one in the bureau's branch reads the branch's meetings; the other not."""
    from qizhi.meetings.testing import meetings_of

    topic = meetings_of(personas.a)["committee"].topic
    member = personas.a.staff
    person = personas.a.people[0]  # the branch's member (party sample)
    person.user = member
    person.save()
    colleague = make_user("a_staff_twin", role=Role.STAFF, unit=personas.a.judicial_office)
    assert scope_of(colleague).signature() == scope_of(member).signature()
    url = reverse("meetings:meeting_list")
    assert topic in page(client, member, url)[0]
    assert topic not in page(client, colleague, url)[0]


def test_every_queryset_that_reads_more_than_the_grants_says_whether_it_reads_the_user():
    """A queryset overriding ``visible_to`` or ``for_action`` declares ``personal`` in its own body: whether a
    rendering of its rows may be shared by everyone with the same grants is then never left to a default."""
    from django.apps import apps

    from qizhi.core.scoping import ScopedQuerySet

    undeclared = set()
    for model in apps.get_models():
        queryset = type(model._default_manager.get_queryset())
        for cls in queryset.__mro__:
            if cls is ScopedQuerySet or not issubclass(cls, models.QuerySet) or cls.__module__.startswith("django"):
                continue
            overrides = {"visible_to", "for_action"} & set(vars(cls))
            if overrides and "personal" not in vars(cls):
                undeclared.add(f"{cls.__module__}.{cls.__qualname__}")
    assert not undeclared
