"""The soak's users (issue 16 §4), run by ``bench/soak.py``: the demo roles' real journeys on province data.

Each user signs in through the login form (with its CSRF token) as one of the province's bench logins and
then, with a few seconds' thought between pages, does what that role does on a working day:

- a county's 党务干部 (``bench_county``, most users): the home page and its 待办 badge, the 待办 list, the
  person list filtered and paged, the member roster, the unit page, the plan tree, a progress report with an
  evidence file on one of the county's tasks, and the person list as Excel;
- a city's leader (``bench_city``): the cockpit, the ranking, the statistics roll-up, the compliance page, the
  big screen's data;
- the province's administrator (``bench``): the home page, the unit tree, the person list, the 待办 list.

``bench/soak.py`` passes the ids it needs in ``QIZHI_SOAK`` (JSON) and reads every request's time from the
CSV this file writes (``QIZHI_SOAK_LOG``), so that it can compare the first five minutes with the last.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

SOAK = json.loads(os.environ.get("QIZHI_SOAK", "{}"))
PASSWORD = "qizhi-demo"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
EVIDENCE = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

_log = open(os.environ.get("QIZHI_SOAK_LOG", os.devnull), "w", newline="")  # noqa: SIM115 (open for the run)
_writer = csv.writer(_log)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, response=None, **kwargs):
    status = getattr(response, "status_code", 0)
    _writer.writerow([f"{time.time():.3f}", request_type, name, f"{response_time:.1f}", status, int(bool(exception))])


@events.quitting.add_listener
def _close(environment, **kwargs):
    _log.flush()


class Signed(HttpUser):
    abstract = True
    wait_time = between(2, 8)
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = TOKEN.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign in",
            catch_response=True,
        ) as response:
            if "sessionid" not in self.client.cookies:
                response.failure("not signed in")

    def page(self, path: str, name: str):
        """A page the user opens: 200 and not the login page, or a failure."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/accounts/login/" in response.url:
                response.failure(f"{response.status_code} at {response.url}")
            return response

    def home(self):
        self.page("/", "home (cockpit)")
        self.client.get("/todo/count/", name="待办 badge", headers={"HX-Request": "true"})


class CountyPartyAffairs(Signed):
    weight = 6
    username = "bench_county"

    @task(4)
    def start_of_day(self):
        self.home()
        self.page("/todo/", "待办 list")

    @task(6)
    def people(self):
        county = SOAK["county_id"]
        self.page(f"/org/people/?unit={county}", "person list")
        self.page(f"/org/people/?unit={county}&page={random.randint(2, 5)}", "person list, a page")
        self.page(f"/org/people/?unit={county}&retired=0&political_status=party_member", "person list, filtered")

    @task(3)
    def party(self):
        county = SOAK["county_id"]
        self.page(f"/party/members/?unit={county}", "member roster")
        self.page(f"/party/orgs/tree/?unit={county}", "party tree")

    @task(3)
    def unit_and_plan(self):
        self.page(f"/org/units/{SOAK['county_id']}/", "unit page")
        self.page(f"/targets/plans/{SOAK['plan_id']}/", "plan tree")

    @task(2)
    def progress_report(self):
        target = random.choice(SOAK["targets"])
        form = self.page(f"/targets/targets/{target}/report/", "progress form")
        match = TOKEN.search(form.text or "")
        if match is None:
            return
        data = {
            "csrfmiddlewaretoken": match.group(1),
            "as_of": SOAK["today"],
            "narrative": "按计划推进，已完成阶段性工作（压力测试）。",
            "value": str(random.randint(1, 9)),
            "confirm_large": "on",
        }
        files = {"files": ("佐证材料.pdf", EVIDENCE, "application/pdf")}
        with self.client.post(
            f"/targets/targets/{target}/report/",
            data=data,
            files=files,
            headers={"Referer": f"{self.host}/targets/targets/{target}/report/"},
            name="progress report with a file",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                return
            if response.status_code == 200 and "form" in response.text:
                response.success()  # refused by the rules (a report already waits): the page says why
            else:
                response.failure(str(response.status_code))

    @task(1)
    def export(self):
        with self.client.get(
            f"/org/people/export/?unit={SOAK['county_id']}", name="person list as Excel", catch_response=True
        ) as response:
            if response.status_code != 200 or not response.content.startswith(b"PK"):
                response.failure(f"{response.status_code}, not an .xlsx")


class CityLeader(Signed):
    weight = 3
    username = "bench_city"

    @task(3)
    def cockpit(self):
        self.home()

    @task(2)
    def figures(self):
        city, year = SOAK["city_id"], SOAK["year"]
        self.page(f"/targets/ranking/?unit={city}", "ranking")
        self.page(f"/statistics/rollup/?unit={city}&start={year}-01&end={SOAK['last_month']}", "statistics roll-up")
        self.page(f"/meetings/compliance/?unit={city}", "compliance")

    @task(1)
    def screen(self):
        self.page(f"/screen/{SOAK['city_id']}/data/", "big screen data")


class ProvinceAdministrator(Signed):
    weight = 1
    username = "bench"

    @task
    def rounds(self):
        self.home()
        self.page("/org/units/tree/", "unit tree")
        self.page("/org/people/", "person list (province)")
        self.page("/todo/", "待办 list")
