"""How metrics are deployed: compose hands graph-api and the recommender the metrics token and
Prometheus the same token as a secret file; nginx never serves /metrics to the outside; the
Kubernetes pods carry the scrape annotations and the token from the Secret; the alert rules
speak only of families graph-api and the recommender expose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.api.test_metrics import PROMISED

REPO_ROOT = Path(__file__).resolve().parents[1]
PROMETHEUS = REPO_ROOT / "infra" / "prometheus"
K8S = REPO_ROOT / "infra" / "k8s"
#: Every family /metrics promises (tests/api/test_metrics.py and tests/recommender/test_metrics.py
#: check them on a live scrape), and those the batch runs' textfiles hold.
FAMILIES = PROMISED | {
    "kindred_recommender_runs",
    "kindred_recommender_run_duration_seconds",
    "kindred_recommender_batch_runs",
    "kindred_recommender_batch_last_run_timestamp_seconds",
    "kindred_recommender_batch_last_run_duration_seconds",
    "kindred_recommender_batch_last_run_success",
    "kindred_recommender_batch_last_success_timestamp_seconds",
}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def prometheus() -> dict:
    return yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text(encoding="utf-8"))


def _pod_template(path: Path, kind: str = "Deployment") -> dict:
    documents = [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]
    return next(doc for doc in documents if doc["kind"] == kind)["spec"]["template"]


@pytest.mark.parametrize("service", ["graph-api", "recommender"])
def test_compose_gives_the_service_the_metrics_token_and_exposes_its_port_inside(compose: dict, service: str) -> None:
    settings = compose["services"][service]
    assert settings["environment"]["KINDRED_METRICS_TOKEN"] == "${KINDRED_METRICS_TOKEN:-}"
    port = {"graph-api": "8000", "recommender": "8001"}[service]
    assert port in [str(item) for item in settings["expose"]]


def test_prometheus_scrapes_both_services_with_the_token_compose_hands_it(compose: dict, prometheus: dict) -> None:
    assert compose["secrets"]["metrics-token"] == {"environment": "KINDRED_METRICS_TOKEN"}
    assert "metrics-token" in compose["services"]["prometheus"]["secrets"]
    jobs = {job["job_name"]: job for job in prometheus["scrape_configs"]}
    for job, target in (("graph-api", "graph-api:8000"), ("recommender", "recommender:8001")):
        assert jobs[job]["static_configs"][0]["targets"] == [target]
        assert jobs[job]["authorization"] == {"type": "Bearer", "credentials_file": "/run/secrets/metrics-token"}


def test_the_monitoring_services_start_only_with_their_profile(compose: dict) -> None:
    for name in ("prometheus", "node-exporter"):
        assert compose["services"][name]["profiles"] == ["monitoring"]


def test_node_exporter_reads_the_folder_the_daily_run_writes_its_textfile_to(compose: dict) -> None:
    daily = compose["services"]["recommender-daily"]["environment"]["RECOMMENDER_METRICS_TEXTFILE_DIR"]
    exporter = compose["services"]["node-exporter"]
    (mount,) = [volume for volume in exporter["volumes"] if volume["source"] == "recommender-data"]
    assert "recommender-data:/app/data" in compose["services"]["recommender-daily"]["volumes"]
    in_exporter = mount["target"] + daily.removeprefix("/app/data")
    assert f"--collector.textfile.directory={in_exporter}" in exporter["command"]


def test_nginx_answers_metrics_with_404_and_passes_nothing_on() -> None:
    conf = (REPO_ROOT / "infra" / "nginx.conf").read_text(encoding="utf-8")
    for location in (r"=\s+/metrics", r"\^~\s+/metrics/"):
        block = re.search(r"location\s+" + location + r"\s*\{([^}]*)\}", conf)
        assert block, location
        assert block.group(1).split() == ["return", "404;"]


@pytest.mark.parametrize(("manifest", "port"), [("graph-api.yaml", "8000"), ("recommender.yaml", "8001")])
def test_kubernetes_pods_carry_the_scrape_annotations_and_the_token_from_the_secret(manifest: str, port: str) -> None:
    template = _pod_template(K8S / manifest)
    assert template["metadata"]["annotations"] == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": port,
        "prometheus.io/path": "/metrics",
    }
    (container,) = template["spec"]["containers"]
    assert str(container["ports"][0]["containerPort"]) == port
    env = {item["name"]: item for item in container["env"]}
    assert env["KINDRED_METRICS_TOKEN"]["valueFrom"]["secretKeyRef"] == {"name": "kindred-secrets", "key": "KINDRED_METRICS_TOKEN"}


def test_every_alert_rule_speaks_of_families_that_exist() -> None:
    rules = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text(encoding="utf-8"))
    alerts = [rule for group in rules["groups"] for rule in group["rules"]]
    assert alerts and all({"alert", "expr", "annotations"} <= rule.keys() for rule in alerts)
    for rule in alerts:
        for name in re.findall(r"\bkindred_\w+", rule["expr"]):
            assert re.sub(r"_(total|bucket|count|sum)$", "", name) in FAMILIES, (rule["alert"], name)


def test_prometheus_loads_the_alert_rules(prometheus: dict, compose: dict) -> None:
    mount = next(v for v in compose["services"]["prometheus"]["volumes"] if isinstance(v, dict))
    assert mount["source"] == "./infra/prometheus"
    assert prometheus["rule_files"] == [f"{mount['target']}/alerts.yml"]
