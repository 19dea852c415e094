#!/usr/bin/env python3
"""Warm-phase ratios of two builds from one anchors run (bench/anchors-ab.sh), e.g. the history on against off.

  bench/ab-ratios.py <run dir>/results.jsonl candidate-a=off,candidate-b=on,candidate-c=on,candidate-d=off

Each candidate system is named for the build it ran. On this 2-core machine a whole rep can be a third slower than
the next (other work on the host), so besides the medians it prints the ratio of each pair that ran back to back
(an ABBA order gives two per rep: a-b and c-d), whose drift mostly cancels, and their geometric mean.
"""
import json
import math
import statistics
import sys


def main(path, naming):
    build_of = dict(part.split("=") for part in naming.split(","))
    builds = list(dict.fromkeys(build_of.values()))
    if len(builds) != 2:
        sys.exit("name exactly two builds, e.g. candidate-a=off,candidate-b=on")
    base, other = builds
    runs = [json.loads(line) for line in open(path) if line.strip()]
    runs = [r for r in runs if r.get("kind") == "throughput" and r.get("system") in build_of and r.get("warm")]
    for r in runs:
        w = r["warm"]
        print(f"rep {r['rep']} {r['system']:12} {build_of[r['system']]:5} {w['rate']:8.1f} msg/s  worker {w['worker_cpu_us_per_msg']:6.1f} µs/msg"
              f"  redis {w['redis_cpu_s']:.2f} s  lost {w['lost']} dups {w['duplicates']}")
    rates = {b: [r["warm"]["rate"] for r in runs if build_of[r["system"]] == b] for b in builds}
    cpu = {b: [r["warm"]["worker_cpu_us_per_msg"] for r in runs if build_of[r["system"]] == b] for b in builds}
    redis = {b: [r["warm"]["redis_cpu_s"] for r in runs if build_of[r["system"]] == b] for b in builds}
    pairs = []
    for first, second in zip(runs, runs[1:]):
        kinds = {build_of[first["system"]], build_of[second["system"]]}
        if first["rep"] == second["rep"] and kinds == {base, other} and first not in [p for pair in pairs for p in pair]:
            pairs.append((first, second))
    ratios = []
    for first, second in pairs:
        on, off = (first, second) if build_of[first["system"]] == other else (second, first)
        ratios.append(on["warm"]["rate"] / off["warm"]["rate"])
    print(f"{other}/{base} warm msg/s: medians {statistics.median(rates[other]) / statistics.median(rates[base]):.3f}, "
          f"means {statistics.mean(rates[other]) / statistics.mean(rates[base]):.3f} ({len(rates[other])} and {len(rates[base])} runs)")
    if ratios:
        geo = math.exp(statistics.mean(math.log(x) for x in ratios))
        print(f"  back-to-back pairs: {' '.join(f'{x:.2f}' for x in ratios)}; median {statistics.median(ratios):.3f}, geometric mean {geo:.3f}")
    print(f"{other}/{base} worker CPU per msg (medians): {statistics.median(cpu[other]) / statistics.median(cpu[base]):.3f}; "
          f"Redis CPU: {statistics.median(redis[other]) / statistics.median(redis[base]):.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
