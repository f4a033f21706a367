"""Live objects to the manifest shape: what the API server adds is dropped.

The API server returns an object with everything it populated: ``status``, bookkeeping metadata
(``managedFields``, ``uid``, ``resourceVersion``, ...), and the defaults it filled in
(``terminationMessagePath``, ``dnsPolicy: ClusterFirst``, the projected service-account token
volume, a Service's ``clusterIP``, ...). :func:`normalise_object` removes all of it, so that what
is left is what someone wrote in a manifest: no policy and no drift comparison ever sees a
server-set value. A default is dropped only when the live value *equals* the default, so a value
a user set explicitly to something else survives.

The function is pure and idempotent (normalising a normalised object changes nothing); the
drift engine may apply it to declared manifests too, so both sides drop the same defaults.
``metadata.ownerReferences`` is kept: it is how owned pods are attributed to their controller.
Secrets keep their metadata and ``type`` only (``data``/``stringData`` never survive).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from policycheck.helpers.docker import parse_image

SERVER_METADATA = ("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation",
                   "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds")
SERVER_ANNOTATIONS = ("kubectl.kubernetes.io/last-applied-configuration",
                      "deployment.kubernetes.io/revision", "deployment.kubernetes.io/desired-replicas",
                      "deployment.kubernetes.io/max-replicas", "deprecated.daemonset.template.generation")
SERVER_LABELS = ("pod-template-hash", "controller-uid", "batch.kubernetes.io/controller-uid",
                 "job-name", "batch.kubernetes.io/job-name", "controller-revision-hash",
                 "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index",
                 "pod-template-generation", "batch.kubernetes.io/job-completion-index")
"""Labels controllers stamp on the objects and pod templates they create."""

TOKEN_VOLUME_PREFIX = "kube-api-access-"

POD_DEFAULTS: Mapping[str, Any] = {
    "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
    "securityContext": {}, "terminationGracePeriodSeconds": 30, "enableServiceLinks": True,
    "preemptionPolicy": "PreemptLowerPriority", "priority": 0,
}
CONTAINER_DEFAULTS: Mapping[str, Any] = {
    "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
    "resources": {},
}
PROBE_DEFAULTS: Mapping[str, Any] = {"timeoutSeconds": 1, "periodSeconds": 10,
                                     "successThreshold": 1, "failureThreshold": 3}
DEFAULT_TOLERATIONS = ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")
"""Tolerations the DefaultTolerationSeconds admission plugin adds to every pod (300 s)."""

SPEC_DEFAULTS: Mapping[str, Mapping[str, Any]] = {
    "Deployment": {"progressDeadlineSeconds": 600, "revisionHistoryLimit": 10,
                   "strategy": {"type": "RollingUpdate",
                                "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}},
    "StatefulSet": {"podManagementPolicy": "OrderedReady", "revisionHistoryLimit": 10,
                    "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                    "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain",
                                                             "whenScaled": "Retain"}},
    "DaemonSet": {"revisionHistoryLimit": 10,
                  "updateStrategy": {"type": "RollingUpdate",
                                     "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}},
    "Job": {"backoffLimit": 6, "completionMode": "NonIndexed", "completions": 1, "parallelism": 1,
            "suspend": False, "podReplacementPolicy": "TerminatingOrFailed", "manualSelector": False},
    "CronJob": {"concurrencyPolicy": "Allow", "failedJobsHistoryLimit": 1,
                "successfulJobsHistoryLimit": 3, "suspend": False},
    "Service": {"type": "ClusterIP", "sessionAffinity": "None", "ipFamilyPolicy": "SingleStack",
                "internalTrafficPolicy": "Cluster", "externalTrafficPolicy": "Cluster",
                "allocateLoadBalancerNodePorts": True},
}
"""Per kind: ``spec`` keys whose value the API server fills in when a manifest leaves them out."""

SERVICE_ALLOCATED = ("clusterIP", "clusterIPs", "ipFamilies", "healthCheckNodePort")

POD_TEMPLATE = {"Deployment": ("spec", "template"), "StatefulSet": ("spec", "template"),
                "DaemonSet": ("spec", "template"), "ReplicaSet": ("spec", "template"),
                "ReplicationController": ("spec", "template"), "Job": ("spec", "template"),
                "CronJob": ("spec", "jobTemplate", "spec", "template")}


def normalise_object(obj: Mapping[str, Any], *, in_place: bool = False) -> dict[str, Any]:
    """The live object ``obj`` in manifest shape (see the module doc): a copy, or ``obj``
    itself changed when ``in_place`` (the collector's objects are its own)."""
    out: dict[str, Any] = obj if in_place and isinstance(obj, dict) else copy.deepcopy(dict(obj))
    kind = str(out.get("kind") or "")
    out.pop("status", None)
    _metadata(out)
    if kind == "Secret":
        return {key: out[key] for key in ("apiVersion", "kind", "metadata", "type", "immutable")
                if key in out}
    spec = out.get("spec")
    if isinstance(spec, dict):
        _drop_defaults(spec, SPEC_DEFAULTS.get(kind, {}))
        _KIND_RULES.get(kind, _nothing)(spec)
    if kind == "Pod" and isinstance(spec, dict):
        _pod_spec(spec, pod=True)
    template = _template(out, kind)
    if template is not None:
        _metadata(template)
        if not template.get("metadata"):
            template.pop("metadata", None)
        if isinstance(template.get("spec"), dict):
            _pod_spec(template["spec"], pod=False)
    if kind == "Job":
        _job(out)
    if kind == "CronJob":
        job = _path(out, ("spec", "jobTemplate"))
        if job is not None:
            _metadata(job)
            if not job.get("metadata"):
                job.pop("metadata", None)
    if kind == "ServiceAccount":
        out.pop("secrets", None)
    return out


def _nothing(spec: dict[str, Any]) -> None:
    return None


def _path(obj: Any, keys: tuple[str, ...]) -> dict[str, Any] | None:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj if isinstance(obj, dict) else None


def _template(obj: dict[str, Any], kind: str) -> dict[str, Any] | None:
    keys = POD_TEMPLATE.get(kind)
    return _path(obj, keys) if keys else None


def _drop_defaults(mapping: dict[str, Any], defaults: Mapping[str, Any]) -> None:
    for key, default in defaults.items():
        if key in mapping and mapping[key] == default:
            del mapping[key]


def _drop_keys(mapping: dict[str, Any], key: str, names: tuple[str, ...]) -> None:
    """Remove ``names`` from the mapping at ``mapping[key]``; drop the key when it empties."""
    inner = mapping.get(key)
    if isinstance(inner, dict):
        for name in names:
            inner.pop(name, None)
        if not inner:
            del mapping[key]


def _metadata(obj: dict[str, Any]) -> None:
    metadata = obj.get("metadata")
    if not isinstance(metadata, dict):
        return
    for key in SERVER_METADATA:
        metadata.pop(key, None)
    _drop_keys(metadata, "annotations", SERVER_ANNOTATIONS)
    _drop_keys(metadata, "labels", SERVER_LABELS)


def _pod_spec(spec: dict[str, Any], *, pod: bool) -> None:
    _drop_defaults(spec, POD_DEFAULTS)
    if spec.get("serviceAccount") == spec.get("serviceAccountName"):
        spec.pop("serviceAccount", None)
    if pod:
        # Set by the ServiceAccount admission plugin and the scheduler, never by a manifest.
        if spec.get("serviceAccountName") == "default":
            del spec["serviceAccountName"]
        spec.pop("nodeName", None)
    tolerations = spec.get("tolerations")
    if isinstance(tolerations, list):
        kept = [t for t in tolerations if not _default_toleration(t)]
        if kept:
            spec["tolerations"] = kept
        else:
            del spec["tolerations"]
    volumes = spec.get("volumes")
    if isinstance(volumes, list):
        kept = [v for v in volumes if not _token_volume(v)]
        for volume in kept:
            _volume(volume)
        if kept:
            spec["volumes"] = kept
        else:
            del spec["volumes"]
    for key in ("containers", "initContainers", "ephemeralContainers"):
        for container in spec.get(key) or ():
            if isinstance(container, dict):
                _container(container)


def _default_toleration(toleration: Any) -> bool:
    return (isinstance(toleration, dict) and toleration.get("key") in DEFAULT_TOLERATIONS
            and toleration.get("operator") == "Exists" and toleration.get("effect") == "NoExecute"
            and toleration.get("tolerationSeconds") == 300)


def _token_volume(volume: Any) -> bool:
    return (isinstance(volume, dict) and str(volume.get("name", "")).startswith(TOKEN_VOLUME_PREFIX)
            and "projected" in volume)


def _volume(volume: dict[str, Any]) -> None:
    for source in ("configMap", "secret", "projected", "downwardAPI"):
        inner = volume.get(source)
        if isinstance(inner, dict) and inner.get("defaultMode") == 0o644:
            del inner["defaultMode"]
    host_path = volume.get("hostPath")
    if isinstance(host_path, dict) and host_path.get("type") == "":
        del host_path["type"]


def default_pull_policy(image: Any) -> str:
    """The ``imagePullPolicy`` the API server fills in for ``image``: ``Always`` for an
    image tagged ``:latest`` or with neither tag nor digest, else ``IfNotPresent``."""
    if not isinstance(image, str):
        return "IfNotPresent"
    ref = parse_image(image)
    latest = ref.tag == "latest" or (ref.tag is None and ref.digest is None)
    return "Always" if latest else "IfNotPresent"


def _container(container: dict[str, Any]) -> None:
    _drop_defaults(container, CONTAINER_DEFAULTS)
    if container.get("imagePullPolicy") == default_pull_policy(container.get("image")):
        del container["imagePullPolicy"]
    mounts = container.get("volumeMounts")
    if isinstance(mounts, list):
        kept = [m for m in mounts if not (isinstance(m, dict) and str(m.get("name", ""))
                                          .startswith(TOKEN_VOLUME_PREFIX))]
        if kept:
            container["volumeMounts"] = kept
        else:
            del container["volumeMounts"]
    for port in container.get("ports") or ():
        if isinstance(port, dict) and port.get("protocol") == "TCP":
            del port["protocol"]
    for key in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = container.get(key)
        if isinstance(probe, dict):
            _drop_defaults(probe, PROBE_DEFAULTS)
            http = probe.get("httpGet")
            if isinstance(http, dict) and http.get("scheme") == "HTTP":
                del http["scheme"]
    for env in container.get("env") or ():
        field_ref = _path(env, ("valueFrom", "fieldRef"))
        if field_ref is not None and field_ref.get("apiVersion") == "v1":
            del field_ref["apiVersion"]


def _service(spec: dict[str, Any]) -> None:
    for key in SERVICE_ALLOCATED:
        spec.pop(key, None)
    for port in spec.get("ports") or ():
        if not isinstance(port, dict):
            continue
        if port.get("protocol") == "TCP":
            del port["protocol"]
        if "targetPort" in port and port["targetPort"] == port.get("port"):
            del port["targetPort"]
        port.pop("nodePort", None)


def _network_policy(spec: dict[str, Any]) -> None:
    """``policyTypes`` the server computed: Ingress, plus Egress when egress rules exist."""
    expected = ["Ingress", "Egress"] if spec.get("egress") else ["Ingress"]
    if spec.get("policyTypes") == expected:
        del spec["policyTypes"]


_KIND_RULES: Mapping[str, Callable[[dict[str, Any]], None]] = {
    "Service": _service, "NetworkPolicy": _network_policy,
}


def _job(job: dict[str, Any]) -> None:
    """A Job's selector is generated from its controller UID unless ``manualSelector``."""
    spec = job.get("spec")
    if isinstance(spec, dict) and not spec.get("manualSelector"):
        selector = spec.get("selector")
        if isinstance(selector, dict):
            _drop_keys(selector, "matchLabels", SERVER_LABELS)
            if not selector:
                del spec["selector"]
