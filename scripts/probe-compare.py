#!/usr/bin/env python3
"""Holds two probe results (format sockbind-probe) against each other: same cases, same steps,
and per step the same observation (call, code, receivers) and the same not-run reason. Ports,
tool names and model answers may differ. Prints a summary; exit 1 on any difference.

Usage: probe-compare.py A.json B.json
"""
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        r = json.load(f)
    if r.get("format") != "sockbind-probe" or r.get("version") != 1:
        sys.exit(f"{path}: not a sockbind-probe v1 result")
    return r


def key(step):
    o = step.get("observed")
    obs = None if o is None else (o["call"], o["code"], tuple(o.get("receivers") or ()) if "receivers" in o else None)
    return (step["step"], step["op"], obs, step.get("not_run"))


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    problems = []
    # `date` is printed by sockbind probe only (the generated programs leave it out).
    sys_a = {k: v for k, v in a["system"].items() if k != "date"}
    sys_b = {k: v for k, v in b["system"].items() if k != "date"}
    if sys_a != sys_b:
        problems.append(f"system differs: {a['system']} vs {b['system']}")
    ca = {c["id"]: c for c in a["cases"]}
    cb = {c["id"]: c for c in b["cases"]}
    if list(ca) != list(cb):
        problems.append(f"case lists differ: {sorted(set(ca) ^ set(cb))[:5]}")
    steps = model_diff = 0
    for cid, c in ca.items():
        d = cb.get(cid)
        if d is None:
            continue
        if c["address_map"] != d["address_map"] or c["scenario"] != d["scenario"]:
            problems.append(f"{cid}: scenario or address map differs")
        if len(c["steps"]) != len(d["steps"]):
            problems.append(f"{cid}: {len(c['steps'])} vs {len(d['steps'])} steps")
        for s, t in zip(c["steps"], d["steps"]):
            steps += 1
            if s["agrees"] is False:
                model_diff += 1
            if key(s) != key(t):
                problems.append(f"{cid} step {s['step']}: {key(s)[2:]} vs {key(t)[2:]}")
            if s["agrees"] != t["agrees"]:
                problems.append(f"{cid} step {s['step']}: agrees {s['agrees']} vs {t['agrees']}")
    if [n["id"] for n in a.get("not_run", [])] != [n["id"] for n in b.get("not_run", [])]:
        problems.append("not-run case lists differ")
    print(f"probe-compare: {len(ca)} cases, {steps} steps, {len(a.get('not_run', []))} cases not run; "
          f"{model_diff} steps where this system differs from the model; "
          f"{len(problems)} differences between {a['tool']} and {b['tool']}")
    for p in problems[:40]:
        print("  " + p)
    sys.exit(1 if problems else 0)


main()
