#!/usr/bin/env python3
"""Derives the JSON Schemas in schemas/ from the real Statuspage API v2 responses in
tests/fixtures/statuspage/ and writes them (run it again after changing a sample or a rule).

The key sets are taken from the samples mechanically: every key a sample object has is required
(present, even when null) and no other key is allowed. Value types and enums cannot all be read off
two samples (monitoring_at is null in every sample, yet a timestamp when an incident is monitored),
so they come from the FIELD table below, which must name every key the samples have. Scheduled
maintenances are absent from the samples (`[]`): they are Statuspage incidents with the same keys
plus `scheduled_for` / `scheduled_until`, with maintenance statuses.

  python derive_schemas.py           write schemas/*.schema.json
  python derive_schemas.py --check   exit 1 if the committed schemas differ from a fresh derivation
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "fixtures" / "statuspage"
OUT = HERE / "schemas"
SUMMARY = SAMPLES / "statuspage-v2-summary.github-2022-11-25.json"
INCIDENTS = SAMPLES / "statuspage-v2-incidents.github-2024-09-17.json"

# Milliseconds and a zone, as Statuspage writes them: 2022-11-25T15:50:05.892Z or ...892-06:00.
TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$"

INDICATOR = ["none", "minor", "major", "critical"]
COMPONENT_STATUS = ["operational", "degraded_performance", "partial_outage", "major_outage",
                    "under_maintenance"]
INCIDENT_STATUS = ["investigating", "identified", "monitoring", "resolved", "postmortem"]
IMPACT = ["none", "minor", "major", "critical"]
MAINTENANCE_STATUS = ["scheduled", "in_progress", "verifying", "completed"]
# Real pages have been seen answering impact "maintenance" for a maintenance; the documented
# enum is the incident one. Both are accepted for maintenances, only the documented one elsewhere.
MAINTENANCE_IMPACT = IMPACT + ["maintenance"]

ts = {"type": "string", "pattern": TIMESTAMP}
ts_or_null = {"type": ["string", "null"], "pattern": TIMESTAMP}
nonempty = {"type": "string", "minLength": 1}
string = {"type": "string"}
string_or_null = {"type": ["string", "null"]}
boolean = {"type": "boolean"}
url = {"type": "string", "pattern": r"^https?://[^\s]+$"}


def ref(name):
    return {"$ref": f"#/$defs/{name}"}


# Every key that a sample object has, per kind of object: its schema.
FIELD = {
    "page": {
        "id": nonempty, "name": nonempty, "url": url, "time_zone": nonempty, "updated_at": ts,
    },
    "status": {
        "indicator": {"enum": INDICATOR}, "description": nonempty,
    },
    "component": {
        "id": nonempty, "name": nonempty, "status": {"enum": COMPONENT_STATUS},
        "created_at": ts, "updated_at": ts, "position": {"type": "integer"},
        "description": string_or_null, "showcase": boolean,
        "start_date": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "group_id": {"type": ["string", "null"], "minLength": 1}, "page_id": nonempty,
        "group": boolean, "only_show_if_degraded": boolean,
    },
    "incident": {
        "id": nonempty, "name": nonempty, "status": {"enum": INCIDENT_STATUS},
        "created_at": ts, "updated_at": ts, "monitoring_at": ts_or_null, "resolved_at": ts_or_null,
        "impact": {"enum": IMPACT}, "shortlink": url, "started_at": ts, "page_id": nonempty,
        "incident_updates": {"type": "array", "items": ref("incident_update")},
        "components": {"type": "array", "items": ref("component")},
        "reminder_intervals": {"type": ["string", "null", "array"]},
    },
    "incident_update": {
        "id": nonempty, "status": {"enum": INCIDENT_STATUS}, "body": string,
        "incident_id": nonempty, "created_at": ts, "updated_at": ts, "display_at": ts,
        "affected_components": {"oneOf": [{"type": "null"},
                                          {"type": "array", "items": ref("affected_component")}]},
        "deliver_notifications": boolean, "custom_tweet": string_or_null,
        "tweet_id": {"type": ["string", "integer", "null"]},
    },
    "affected_component": {
        "code": nonempty, "name": nonempty, "old_status": {"enum": COMPONENT_STATUS},
        "new_status": {"enum": COMPONENT_STATUS},
    },
}


def keys_of(objs):
    """The keys of sample objects, in first-seen order; all of them must agree."""
    objs = list(objs)
    assert objs, "no sample object"
    first = list(objs[0])
    for o in objs[1:]:
        assert set(o) == set(first), f"samples disagree on keys: {sorted(set(o) ^ set(first))}"
    return first


def obj(kind, required, optional=()):
    missing = [k for k in list(required) + list(optional) if k not in FIELD[kind]]
    assert not missing, f"FIELD[{kind!r}] names no type for {missing}"
    props = {k: FIELD[kind][k] for k in list(required) + list(optional)}
    return {"type": "object", "required": list(required), "properties": props,
            "additionalProperties": False}


def derive():
    summary = json.loads(SUMMARY.read_text())
    incidents = json.loads(INCIDENTS.read_text())
    s_inc = summary["incidents"]
    i_inc = incidents["incidents"]
    all_inc = s_inc + i_inc
    updates = [u for i in all_inc for u in i["incident_updates"]]
    affected = [a for u in updates for a in (u["affected_components"] or [])]
    components = summary["components"] + [c for i in all_inc for c in i["components"]]

    page_keys = keys_of([summary["page"], incidents["page"]])
    component_keys = keys_of(components)
    update_keys = keys_of(updates)
    affected_keys = keys_of(affected)
    status_keys = keys_of([summary["status"]])
    summary_incident_keys = keys_of(s_inc)   # 2022: without reminder_intervals
    list_incident_keys = keys_of(i_inc)      # 2024: with reminder_intervals
    extra = [k for k in list_incident_keys if k not in summary_incident_keys]

    component = obj("component", component_keys, optional=[])
    # A group is a component with group: true and the ids of its children in `components`.
    component["properties"]["components"] = {"type": "array", "items": nonempty}
    component["allOf"] = [{
        "if": {"properties": {"group": {"const": True}}},
        "then": {"required": ["components"]},
        "else": {"not": {"required": ["components"]}},
    }]

    maint_update = obj("incident_update", update_keys)
    maint_update["properties"]["status"] = {"enum": MAINTENANCE_STATUS}
    maintenance = obj("incident", summary_incident_keys, optional=extra)
    maintenance["required"] += ["scheduled_for", "scheduled_until"]
    maintenance["properties"].update({
        "status": {"enum": MAINTENANCE_STATUS},
        "impact": {"enum": MAINTENANCE_IMPACT},
        "incident_updates": {"type": "array", "items": ref("maintenance_update")},
        "scheduled_for": ts, "scheduled_until": ts,
    })

    defs = {
        "page": obj("page", page_keys),
        "status": obj("status", status_keys),
        "component": component,
        "affected_component": obj("affected_component", affected_keys),
        "incident_update": obj("incident_update", update_keys),
        # summary.json's incidents as sampled in 2022; the 2024 key is allowed, not required.
        "summary_incident": obj("incident", summary_incident_keys, optional=extra),
        "incident": obj("incident", list_incident_keys),
        "maintenance_update": maint_update,
        "scheduled_maintenance": maintenance,
    }

    def doc(name, title, props):
        # Only the $defs an endpoint uses (transitively), to keep each file readable.
        used, todo = set(), [p["$ref"].rsplit("/", 1)[1] for p in _refs(props)]
        while todo:
            d = todo.pop()
            if d not in used:
                used.add(d)
                todo += [r["$ref"].rsplit("/", 1)[1] for r in _refs(defs[d])]
        return name, {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"cygni:statuspage-v2/{name}",
            "title": title,
            "description": "Derived by tests/site/derive_schemas.py from the real Statuspage API "
                           "v2 samples in tests/fixtures/statuspage/. Do not edit by hand.",
            "type": "object",
            "required": list(props),
            "properties": props,
            "additionalProperties": False,
            "$defs": {k: defs[k] for k in defs if k in used},
        }

    arr = lambda d: {"type": "array", "items": ref(d)}  # noqa: E731
    top_summary = keys_of([summary])
    assert top_summary == ["page", "components", "incidents", "scheduled_maintenances", "status"]
    return dict([
        doc("summary.json", "GET /api/v2/summary.json", {
            "page": ref("page"), "components": arr("component"),
            "incidents": arr("summary_incident"),
            "scheduled_maintenances": arr("scheduled_maintenance"), "status": ref("status")}),
        doc("status.json", "GET /api/v2/status.json",
            {"page": ref("page"), "status": ref("status")}),
        doc("components.json", "GET /api/v2/components.json",
            {"page": ref("page"), "components": arr("component")}),
        doc("incidents.json", "GET /api/v2/incidents.json (the 50 most recent)",
            {"page": ref("page"), "incidents": arr("incident")}),
        doc("incidents/unresolved.json", "GET /api/v2/incidents/unresolved.json",
            {"page": ref("page"), "incidents": arr("incident")}),
        doc("scheduled-maintenances.json", "GET /api/v2/scheduled-maintenances.json",
            {"page": ref("page"), "scheduled_maintenances": arr("scheduled_maintenance")}),
        doc("scheduled-maintenances/upcoming.json",
            "GET /api/v2/scheduled-maintenances/upcoming.json",
            {"page": ref("page"), "scheduled_maintenances": arr("scheduled_maintenance")}),
        doc("scheduled-maintenances/active.json", "GET /api/v2/scheduled-maintenances/active.json",
            {"page": ref("page"), "scheduled_maintenances": arr("scheduled_maintenance")}),
    ])


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node
        for v in node.values():
            yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def schema_file(endpoint):
    return OUT / (endpoint.replace("/", "--").removesuffix(".json") + ".schema.json")


def render(schema):
    return json.dumps(schema, indent=2) + "\n"


def main():
    schemas = derive()
    if "--check" in sys.argv[1:]:
        stale = [str(schema_file(e)) for e, s in schemas.items()
                 if not schema_file(e).exists() or schema_file(e).read_text() != render(s)]
        if stale:
            print("stale schemas (run tests/site/derive_schemas.py):", *stale, sep="\n  ")
            return 1
        print(f"{len(schemas)} schemas up to date")
        return 0
    OUT.mkdir(exist_ok=True)
    for endpoint, schema in schemas.items():
        schema_file(endpoint).write_text(render(schema))
        print("wrote", schema_file(endpoint).relative_to(HERE.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
