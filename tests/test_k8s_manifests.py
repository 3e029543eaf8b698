"""infra/k8s/: every manifest is a valid Kubernetes object (the schemas `kubernetes-validate`
ships, offline, strict: an unknown field is an error) and wires Kindred as intended. The Neo4j
Helm values (infra/k8s/neo4j/) are not Kubernetes objects: only their YAML and keys are checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

K8S = Path(__file__).resolve().parents[1] / "infra" / "k8s"
#: The oldest Kubernetes the manifests promise to work on (CronJob timeZone is GA in 1.27).
KUBERNETES_VERSION = "1.29"
MANIFESTS = sorted(path for path in K8S.glob("*.yaml") if path.name != "kustomization.yaml")


def _objects() -> list[dict[str, Any]]:
    return [doc for path in MANIFESTS for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def _named(kind: str, name: str) -> dict[str, Any]:
    found = [o for o in _objects() if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def _pod(obj: dict[str, Any]) -> dict[str, Any]:
    if obj["kind"] == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return obj["spec"]["template"]["spec"]


WORKLOADS = ("Deployment", "CronJob")


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda path: path.name)
def test_every_manifest_matches_the_kubernetes_schemas(path: Path) -> None:
    for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        if doc:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_the_schemas_refuse_a_misspelt_field() -> None:
    broken = {**_named("Service", "graph-api"), "spec": {"selectr": {"app": "x"}, "ports": [{"port": 1}]}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_the_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert sorted(kustomization["resources"]) == sorted(path.name for path in MANIFESTS)


def test_graph_api_is_ready_on_readyz_and_alive_on_healthz() -> None:
    container = _pod(_named("Deployment", "graph-api"))["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_graph_api_replicas_share_the_signing_key_and_route_through_neo4j() -> None:
    deployment = _named("Deployment", "graph-api")
    assert deployment["spec"]["replicas"] >= 2
    env = {item["name"]: item for item in _pod(deployment)["containers"][0]["env"]}
    assert env["KINDRED_JWT_SECRET"]["valueFrom"]["secretKeyRef"]["name"] == "kindred-secrets"
    assert _named("ConfigMap", "kindred-config")["data"]["GRAPH_URL"].startswith("neo4j://")


def test_graph_api_scales_on_cpu_and_keeps_a_replica_through_disruptions() -> None:
    autoscaler = _named("HorizontalPodAutoscaler", "graph-api")
    assert autoscaler["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "graph-api"}
    assert autoscaler["spec"]["minReplicas"] >= 2
    budget = _named("PodDisruptionBudget", "graph-api")
    labels = _named("Deployment", "graph-api")["spec"]["template"]["metadata"]["labels"]
    assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()


def test_every_service_selects_the_pods_of_its_deployment() -> None:
    for service in (o for o in _objects() if o["kind"] == "Service"):
        labels = _named("Deployment", service["metadata"]["name"])["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= labels.items(), service["metadata"]["name"]


def test_the_scheduled_runs_are_cronjobs_that_never_overlap() -> None:
    commands = {}
    for job in (o for o in _objects() if o["kind"] == "CronJob"):
        assert job["spec"]["concurrencyPolicy"] == "Forbid", job["metadata"]["name"]
        container = _pod(job)["containers"][0]
        commands[job["metadata"]["name"]] = " ".join(container.get("command", []) + container.get("args", []))
    assert "batch --kind purpose" in commands["recommender-daily"]
    assert "graph_api snapshot-kpis" in commands["kpi-snapshot"]
    assert "graph_api backup \"/backups/" in commands["backup"]


def test_the_mailer_runs_once_and_never_beside_its_successor() -> None:
    mailer = _named("Deployment", "mailer")
    assert mailer["spec"]["replicas"] == 1 and mailer["spec"]["strategy"]["type"] == "Recreate"
    assert _pod(mailer)["containers"][0]["args"][-1] == "send-mail"


def test_every_container_has_resource_requests_and_limits() -> None:
    for obj in (o for o in _objects() if o["kind"] in WORKLOADS):
        for container in _pod(obj)["containers"]:
            resources = container.get("resources", {})
            assert {"cpu", "memory"} <= resources.get("limits", {}).keys(), obj["metadata"]["name"]
            assert {"cpu", "memory"} <= resources.get("requests", {}).keys(), obj["metadata"]["name"]


@pytest.mark.parametrize("name", ["values.yaml", "cluster-values.yaml"])
def test_the_neo4j_helm_values_name_the_server_and_take_the_password_from_a_secret(name: str) -> None:
    values = yaml.safe_load((K8S / "neo4j" / name).read_text(encoding="utf-8"))
    assert values["neo4j"]["name"] and values["neo4j"]["passwordFromSecret"] == "neo4j-auth"
