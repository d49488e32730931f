"""The current phase: computed from the dates (boundaries included), overridden by hand with a reason,
announced once to the leading group by the daily command."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from qizhi.campaigns import services
from qizhi.campaigns.models import Campaign, Phase
from qizhi.campaigns.testing import campaign_of
from qizhi.core.models import Notification
from qizhi.core.refusals import Refused
from qizhi.core.testing import snapshot_of

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    "day,name,days_left",
    [(D(2026, 2, 1), "学习调研", 88), (D(2026, 3, 1), "学习调研", 60), (D(2026, 4, 30), "学习调研", 0),
     (D(2026, 5, 1), "分析检查", 45), (D(2026, 6, 15), "分析检查", 0), (D(2026, 6, 16), "整改落实", 198),
     (D(2026, 12, 31), "整改落实", 0)],
)  # fmt: skip
def test_the_current_phase_follows_the_dates(personas, day, name, days_left):
    campaign = campaign_of(personas.a)["campaign"]
    state = services.phase_state(campaign, day)
    assert (state.phase.name, state.days_left, state.overridden) == (name, days_left, False)
    assert state.started == (day >= D(2026, 3, 1))


def test_after_the_last_phase_there_is_none(personas):
    state = services.phase_state(campaign_of(personas.a)["campaign"], D(2027, 1, 1))
    assert state.phase is None and state.ended


@pytest.mark.dated
def test_the_page_says_how_many_days_are_left(client, personas):
    campaign = campaign_of(personas.a)["campaign"]
    client.force_login(personas.a.leader)
    html = client.get(campaign.get_absolute_url()).content.decode()
    left = (D(2026, 12, 31) - services.today()).days
    assert (f"距本阶段结束 {left} 天" if left >= 0 else "活动已结束") in html


def test_an_override_wins_and_is_logged_with_its_reason(personas):
    data = campaign_of(personas.a)
    campaign, first = data["campaign"], data["phases"][0]
    services.set_phase(campaign, first, by=personas.a.party_affairs, reason="整改落实推迟，继续学习调研")
    state = services.phase_state(campaign, D(2026, 7, 1))
    assert state.phase == first and state.overridden
    latest = campaign.history.first()
    assert latest.history_user == personas.a.party_affairs
    assert latest.override_phase_id == first.pk and latest.override_reason == "整改落实推迟，继续学习调研"
    services.set_phase(campaign, None, by=personas.a.party_affairs, reason="恢复按日期计算")
    assert services.phase_state(campaign, D(2026, 7, 1)).phase.name == "整改落实"


def test_an_override_needs_a_reason_and_the_right(personas):
    data = campaign_of(personas.a)
    campaign = data["campaign"]
    before = snapshot_of(campaign)
    with pytest.raises(ValidationError) as refused:
        services.set_phase(campaign, data["phases"][0], by=personas.a.party_affairs, reason=" ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(Refused):
        services.set_phase(campaign, data["phases"][0], by=personas.a.staff, reason="想提前结束")
    other = campaign_of(personas.b)["phases"][0]
    with pytest.raises(ValidationError):
        services.set_phase(campaign, other, by=personas.a.party_affairs, reason="别的活动的阶段")
    assert snapshot_of(campaign) == before


def test_a_phase_may_not_overlap_another_or_leave_the_campaign(personas):
    campaign = campaign_of(personas.a)["campaign"]
    overlapping = Phase(campaign=campaign, order=4, name="总结", start=D(2026, 12, 1), end=D(2026, 12, 20))
    with pytest.raises(ValidationError) as refused:
        overlapping.full_clean()
    assert "整改落实" in refused.value.message_dict["start"][0]
    outside = Phase(campaign=campaign, order=4, name="总结", start=D(2027, 1, 1), end=D(2027, 1, 20))
    with pytest.raises(ValidationError) as refused:
        outside.full_clean()
    assert "活动期间" in refused.value.message_dict["end"][0]


def test_the_phase_form_names_the_overlap_and_saves_nothing(client, personas):
    campaign = campaign_of(personas.a)["campaign"]
    client.force_login(personas.a.party_affairs)
    count = Phase.objects.count()
    response = client.post("/campaigns/phases/add/", {"campaign": campaign.pk, "order": 4, "name": "总结",
                                                      "start": "2026-06-01", "end": "2026-06-30"})  # fmt: skip
    assert response.status_code == 200
    assert "时间重叠" in response.content.decode()
    assert Phase.objects.count() == count


def test_the_daily_command_announces_a_new_phase_once_to_the_leading_group(
    personas, django_capture_on_commit_callbacks
):
    data = campaign_of(personas.a)
    leader = data["member"].person
    leader.user = personas.a.leader
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("campaign_reminders", "--date", "2026-05-01", stdout=io.StringIO())
    notes = Notification.objects.filter(recipient=personas.a.leader)
    assert [n.title for n in notes] == [f"{data['campaign']}进入第2阶段：分析检查（2026年5月1日至2026年6月15日）"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("campaign_reminders", "--date", "2026-05-02", stdout=io.StringIO())
    assert notes.count() == 1
    assert Campaign.objects.get(pk=data["campaign"].pk).announced_phase == data["phases"][1]
