#!/usr/bin/env python3
"""`make digests`: writes Simulator/digests.txt, the trace digest of every scenario (at the default seed) and of
every regression case (at its own seed), from the current debug build. The scenario tests compare each run's
digest with this file, so a change of behaviour, even one no check notices, fails until the file is regenerated
on purpose (a refactoring must leave it unchanged).

    python3 Scripts/digests.py            write the file
    python3 Scripts/digests.py --check    compare instead; exit 1 naming each difference
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WSIM = os.environ.get("WSIM", os.path.join(ROOT, ".build/debug/wsim"))
OUT = os.path.join(ROOT, "Simulator/digests.txt")
DEFAULT_SEED = 20250815


def run(targets, seed):
    with tempfile.TemporaryDirectory(prefix="wsim-digests-") as folder:
        done = subprocess.run([WSIM, "run", *targets, "--seed", str(seed), "--format", "json", "--out", os.path.join(folder, "out")],
                              cwd=ROOT, capture_output=True, text=True)
    found = {}
    for line in done.stdout.splitlines():
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        if "digest" in record and "file" in record:
            found[record["file"]] = record["digest"]
    if not found:
        raise SystemExit(f"wsim run {' '.join(targets)} printed no results:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return found


def current():
    lines = []
    for file, digest in sorted(run(["--all"], DEFAULT_SEED).items()):
        lines.append(f"{file} {DEFAULT_SEED} {digest}")
    regressions = os.path.join(ROOT, "Simulator/regressions")
    for name in sorted(os.listdir(regressions)):
        scenario = os.path.join("Simulator/regressions", name, "scenario.yaml")
        if not os.path.exists(os.path.join(ROOT, scenario)):
            continue
        seed_file = os.path.join(regressions, name, "seed")
        seed = int(open(seed_file).read().strip()) if os.path.exists(seed_file) else DEFAULT_SEED
        for file, digest in run([scenario], seed).items():
            lines.append(f"{file} {seed} {digest}")
    return lines


def main():
    lines = current()
    header = "# Trace digests by scenario file and seed: `make digests` writes this file; the scenario tests compare.\n"
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        expected = [l for l in open(OUT).read().splitlines() if l and not l.startswith("#")]
        differences = sorted(set(expected) ^ set(lines))
        for line in differences:
            print(("expected " if line in expected else "now      ") + line)
        print(f"digests: {len(lines)} runs, {len(differences)} difference(s)")
        return 1 if differences else 0
    with open(OUT, "w") as f:
        f.write(header + "\n".join(lines) + "\n")
    print(f"digests: wrote {len(lines)} runs to {os.path.relpath(OUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
