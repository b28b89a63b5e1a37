"""The deployment files: alert rules (promtool), compose file, Helm chart, container image, and the
environment variables the settings read, all documented in docs/operations.md."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
OPERATIONS = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
CHART = DEPLOY / "helm" / "madoguchi"


def promtool() -> str:
    found = shutil.which("promtool")
    if not found:
        if os.environ.get("CI"):
            pytest.fail(
                "promtool is missing in CI: Debian's prometheus package is in the Makefile's OS_PACKAGES"
            )
        pytest.skip("promtool not installed (apt-get install prometheus); CI runs this")
    return found


def test_promtool_checks_the_alert_rules():
    out = subprocess.run(
        [promtool(), "check", "rules", str(DEPLOY / "prometheus" / "alerts.yml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "SUCCESS" in out.stdout + out.stderr


def test_promtool_unit_tests_of_the_alerts_pass():
    out = subprocess.run(
        [promtool(), "test", "rules", "alerts_test.yml"],
        cwd=DEPLOY / "prometheus",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def alerts() -> list[dict]:
    rules = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text(encoding="utf-8"))
    return [rule for group in rules["groups"] for rule in group["rules"]]


def anchor(heading: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")


def test_every_alert_has_a_runbook_section():
    headings = {anchor(h) for h in re.findall(r"^#+ (.+)$", OPERATIONS, flags=re.M)}
    names = [rule["alert"] for rule in alerts()]
    assert {
        "MadoguchiHighErrorRate",
        "MadoguchiSlowResponses",
        "MadoguchiQueueBacklog",
        "MadoguchiOutboxStuck",
        "MadoguchiCasesPastDueRising",
        "MadoguchiAuditChainBroken",
        "MadoguchiUploadDiskFilling",
    } <= set(names)
    for rule in alerts():
        link = rule["annotations"]["runbook"]
        assert link == f"docs/operations.md#runbook-{rule['alert'].lower()}"
        assert link.split("#")[1] in headings, f"no runbook section for {rule['alert']}"


METRIC = re.compile(r"\bmadoguchi_[a-z_]+")
SUFFIXES = ("_bucket", "_count", "_sum", "_total", "_created")


def family(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


@pytest.mark.django_db
def test_alerts_and_dashboard_use_only_metrics_that_exist(client):
    from prometheus_client.parser import text_string_to_metric_families

    response = client.get("/metrics")
    exposed = {f.name for f in text_string_to_metric_families(response.content.decode())}
    dashboard = json.loads((DEPLOY / "grafana" / "madoguchi-overview.json").read_text(encoding="utf-8"))
    used = set(METRIC.findall(json.dumps(dashboard)))
    used |= set(METRIC.findall(" ".join(rule["expr"] for rule in alerts())))
    missing = {name for name in used if family(name) not in exposed and name not in exposed}
    assert not missing, f"not exposed by /metrics: {sorted(missing)}"
    assert dashboard["panels"] and all(panel["targets"] for panel in dashboard["panels"])


def test_the_compose_file_parses_and_runs_the_production_shape():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis", "nginx", "migrate"} <= set(services)
    for name in ("web", "worker", "beat", "migrate"):
        service = services[name]
        assert service["read_only"] is True and service["env_file"] == "madoguchi.env"
        assert service["environment"]["MADOGUCHI_ENV"] == "production"
        assert service["build"]["dockerfile"] == "deploy/Containerfile"
    assert services["db"]["image"].endswith("postgres:15")
    assert "beat" in services["beat"]["command"] and "worker" in services["worker"]["command"]
    assert services["worker"]["stop_grace_period"] == "120s"
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    nginx = (DEPLOY / "nginx" / "madoguchi.conf").read_text(encoding="utf-8")
    assert "location = /metrics { return 404; }" in nginx and "X-Request-ID $request_id" in nginx


def makefile_packages() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    line = re.search(r"^OS_PACKAGES := (.+)$", text, flags=re.M)
    return set(line.group(1).split())


def test_the_container_image_is_multi_stage_non_root_with_the_makefiles_packages():
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    assert len(re.findall(r"^FROM ", text, flags=re.M)) >= 2
    runtime = text.split("AS runtime", 1)[1]
    assert re.search(r"^USER 10001", runtime, flags=re.M)
    installed = set(
        re.findall(r"[a-z0-9][a-z0-9.+-]+", runtime.split("apt-get install", 1)[1].split("&&")[0])
    )
    test_only = {"chromium", "prometheus"}
    assert makefile_packages() - test_only <= installed, makefile_packages() - test_only - installed
    assert not test_only & installed
    assert "requirements.lock" in text  # the locked versions


def settings_variables() -> set[str]:
    text = (ROOT / "src" / "madoguchi" / "config" / "settings.py").read_text(encoding="utf-8")
    found = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
    found |= set(re.findall(r"\"([A-Z][A-Z0-9_]+)\" in env", text))
    return found


def test_every_variable_the_settings_read_is_documented():
    variables = settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "MADOGUCHI_METRICS_TOKEN", "LOG_FORMAT"} <= variables
    missing = sorted(name for name in variables if f"`{name}`" not in OPERATIONS)
    assert not missing, f"add these to docs/operations.md (Configuration): {missing}"


VALUE_REF = re.compile(r"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")


def test_the_chart_parses_and_references_only_values_it_has():
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text(encoding="utf-8"))
    assert chart["apiVersion"] == "v2" and chart["name"] == "madoguchi"
    values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    for template in (CHART / "templates").iterdir():
        text = template.read_text(encoding="utf-8")
        assert "\t" not in text
        for ref in VALUE_REF.findall(text):
            node = values
            for key in ref.strip(".").split("."):
                assert isinstance(node, dict) and key in node, (
                    f"{template.name}: .Values{ref} is not in values.yaml"
                )
                node = node[key]
    for name in [*values["env"], *values["secrets"]]:
        assert f"`{name}`" in OPERATIONS, f"{name} (chart values) is not documented"
    assert {"SECRET_KEY", "MADOGUCHI_FIELD_KEYS", "DATABASE_URL", "MADOGUCHI_METRICS_TOKEN"} <= set(
        values["secrets"]
    )


def test_the_chart_renders_with_helm_when_it_is_installed():
    helm = shutil.which("helm")
    if not helm:
        pytest.skip("helm is not packaged for Debian; the chart's values and references are checked above")
    out = subprocess.run([helm, "template", "city", str(CHART)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    kinds = {doc["kind"] for doc in yaml.safe_load_all(out.stdout) if doc}
    assert {"Deployment", "Service", "ConfigMap", "Secret", "Job", "Ingress"} <= kinds
