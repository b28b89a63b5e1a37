"""Locust scenarios (run headless by bench/load.py, one scenario per phase: BENCH_SCENARIO)."""

import itertools
import os
import random
import uuid

from locust import HttpUser, between, task

SCENARIO = os.environ.get("BENCH_SCENARIO", "baseline")
_numbers = itertools.count()


class Visitor(HttpUser):
    wait_time = between(0, 0)

    def on_start(self):
        self.catalog = []
        self.submit = []
        if SCENARIO == "catalog":
            self.catalog = [c for c in os.environ.get("BENCH_PROCEDURES", "").split(",") if c]
        if SCENARIO == "submit":
            answer = self.client.get(f"/bench/login/{next(_numbers)}", name="login").json()
            self.csrftoken = answer["csrftoken"]
            self.submit = answer["procedures"]

    @task
    def visit(self):
        if SCENARIO == "baseline":
            self.client.post("/bench/insert", data="x", name="baseline INSERT")
        elif SCENARIO == "catalog":
            if random.random() < 0.3 or not self.catalog:
                self.client.get("/procedures/", name="catalog list")
            else:
                self.client.get(f"/procedures/{random.choice(self.catalog)}/", name="procedure page")
        elif SCENARIO == "opendata":
            self.client.get(
                f"/opendata/?q={random.choice(['人口', '施設', '予算', '子育て', 'AED'])}",
                name="open data search",
            )
        elif SCENARIO == "submit":
            example = random.choice(self.submit)
            self.client.post(
                "/api/v1/applications/",
                json={"procedure": example["procedure"], "data": example["data"]},
                headers={
                    "X-CSRFToken": self.csrftoken,
                    "Idempotency-Key": uuid.uuid4().hex,
                    "Referer": self.host + "/",
                },
                name="submit application",
            )
