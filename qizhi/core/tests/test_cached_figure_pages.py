"""The figure pages cached under (generation, scope signature, address, day): the plan tree, the ranking and the
statistics roll-up. A second request computes nothing, a committed write shows at the next request, and the same
address gives another scope its own rendering (see docs/design.md, "What pages cache")."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from qizhi.statistics import services as stat_services
from qizhi.statistics.testing import report_of
from qizhi.targets import services as target_services
from qizhi.targets.testing import plan_of

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def counted(monkeypatch):
    """How many times each figure service ran (the pages call them through their modules)."""
    calls: dict[str, int] = {}

    def spy(module, name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] = calls.get(name, 0) + 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    spy(target_services, "plan_lights")
    spy(target_services, "ranking_with_own")
    spy(stat_services, "rollup")
    return calls


def test_the_plan_tree_is_computed_once_and_a_write_shows_at_once(client, personas, counted):
    a = personas.a
    tasks = plan_of(a)
    url = tasks["plan"].get_absolute_url()
    client.force_login(a.leader)
    first = client.get(url).content.decode()
    again = client.get(url).content.decode()
    assert counted["plan_lights"] == 1 and "云溪机关调解" in first and "云溪机关调解" in again
    target_services.update_target(tasks["office"], by=a.admin, title="云溪机关调解（改）")
    after = client.get(url).content.decode()
    assert counted["plan_lights"] == 2 and "云溪机关调解（改）" in after


def test_the_ranking_is_computed_once_per_scope_and_a_write_shows_at_once(client, personas, counted):
    a = personas.a
    tasks = plan_of(a)
    url = f"/targets/ranking/?unit={a.unit.pk}&year={tasks['plan'].year}"
    client.force_login(a.leader)
    first = client.get(url).content.decode()
    client.get(url)
    assert counted["ranking_with_own"] == 1
    client.force_login(personas.root_admin)  # another scope at the same address: its own rendering
    assert client.get(url).content.decode().count('data-unit="') == first.count('data-unit="')
    assert counted["ranking_with_own"] == 2
    client.force_login(personas.b.leader)  # a sibling bureau: the address names a unit it cannot see (its own shows)
    assert a.unit.name not in client.get(url).content.decode()
    client.force_login(a.leader)
    report = target_services.report_progress(
        tasks["member"], by=a.staff, as_of=datetime.date(2026, 12, 1), value=Decimal(60), narrative="全部完成"
    )
    target_services.approve_progress(report, by=a.unit_head)
    client.get(url)
    assert counted["ranking_with_own"] == 4  # recomputed for the leader after the write (and once for b)


def test_the_rollup_is_computed_once_per_address_and_a_write_shows_at_once(client, personas, counted):
    a = personas.a
    report_of(a)
    url = f"/statistics/rollup/?unit={a.unit.pk}&start=2025-01&end=2025-12"
    client.force_login(a.leader)
    first = client.get(url).content.decode()
    once = counted["rollup"]  # the figures, and the paragraph's own
    assert client.get(url).content.decode().count("<tr") == first.count("<tr")
    assert counted["rollup"] == once
    client.get(url + "&chart=disputes_accepted")  # another address (its links repeat the query string)
    assert counted["rollup"] == 2 * once
    february = stat_services.open_report(a.judicial_office, datetime.date(2025, 2, 1), by=a.statistician)
    stat_services.save_values(february, {"disputes_accepted": 30, "disputes_succeeded": 29}, by=a.statistician)
    stat_services.submit(february, by=a.statistician)
    stat_services.approve(february, by=a.leader)
    after = client.get(url).content.decode()
    assert counted["rollup"] == 3 * once and 'data-code="disputes_accepted"' in after
    row = after.split('data-code="disputes_accepted"')[1].split("</tr>")[0]
    assert ">42<" in row  # 12 in January and 30 in February


def test_the_cockpits_supervision_tile_follows_the_scope_and_a_new_item_shows_at_once(client, personas):
    """The tile counts the supervision items the viewer sees: cached under the scope's signature, so a sibling
    bureau's leader never reads another's count, and a new item shows at the next request."""
    from qizhi.dashboard import services as dashboard

    a, b = personas.a, personas.b
    tasks = plan_of(a)
    today = datetime.date(2026, 12, 3)

    def waiting(user, bureau) -> int:
        tile = next(t for t in dashboard.leader_tiles(user, bureau.unit, today) if t.key == "supervision")
        return tile.figures[1].value

    assert waiting(a.leader, a) == 0 and waiting(b.leader, b) == 0
    target_services.open_supervision(tasks["office"], by=a.leader, instruction="加快进度", deadline=today)
    assert waiting(a.leader, a) == 1  # the write moved the generation
    assert waiting(b.leader, b) == 0  # b's own scope and unit: nothing of a's
    assert waiting(personas.root_admin, a) == 1


def form_of(html: str, opening: str) -> str:
    return html.split(opening, 1)[1].split("</form>", 1)[0]


RANKING_FORM = '<form method="get" class="d-flex gap-2">'
ROLLUP_FORM = '<form method="get" class="card card-body py-2 mb-3 qz-filter">'


def test_the_ranking_and_rollup_forms_offer_a_new_unit_at_the_next_request_and_never_a_siblings(client, personas):
    """Their forms are kept too (the options follow the scope and the data, the values the address): a unit
    added shows in the options at the next request, and a sibling bureau at the same address never gets them."""
    from qizhi.org.models import Unit

    a, b = personas.a, personas.b
    ranking, rollup = "/targets/ranking/", "/statistics/rollup/?start=2026-01&end=2026-11"
    office_option = f'<option value="{a.office.pk}"'
    client.force_login(a.leader)
    assert office_option not in form_of(client.get(ranking).content.decode(), RANKING_FORM)  # no units below it
    assert "新设的调解组" not in form_of(client.get(rollup).content.decode(), ROLLUP_FORM)
    Unit.objects.add_child(a.office, create_kwargs={"name": "新设的调解组", "kind": "department"})
    assert office_option in form_of(client.get(ranking).content.decode(), RANKING_FORM)
    assert "新设的调解组" in form_of(client.get(rollup).content.decode(), ROLLUP_FORM)
    client.force_login(b.leader)
    assert office_option not in form_of(client.get(ranking).content.decode(), RANKING_FORM)
    b_rollup = form_of(client.get(rollup).content.decode(), ROLLUP_FORM)
    assert "新设的调解组" not in b_rollup and b.unit.name in b_rollup
