#!/usr/bin/env python3
"""Regenerates README.md's generated blocks from the current build: `make readme`.

A generated block is a marker line, a fenced block and an end line:

    <!-- make readme: wsim run task05-interrupt-during-build -->
    ```text
    ...output of that command...
    ```
    <!-- end of generated block -->

Kinds of marker:
    wsim ARGS                   the standard output of `wsim ARGS` (a run writes where it does by default,
                                under the project's .wsim/runs/)
    report SECTION: wsim ARGS   the `### SECTION` part of the report.md that run writes (the swarm.md of a
                                `wsim swarm`)
    file PATH                   the file's text (e.g. bench-results/latest.txt, written by `make bench`);
                                left as it is when the file is missing

A test (`ReadmeTests`) runs every `wsim` and `report` block again and compares, so the README cannot drift.
"""
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WSIM = os.environ.get("WSIM", os.path.join(ROOT, ".build/debug/wsim"))
MARKER = re.compile(r"^<!-- make readme: (.+?) -->\n```(\w*)\n.*?\n```\n<!-- end of generated block -->$", re.M | re.S)


RUNS = {}


def run_wsim(args):
    """The standard output of a wsim command (each command runs once)."""
    if args in RUNS:
        return RUNS[args]
    words = shlex.split(args)
    if words[0] != "wsim":
        sys.exit(f"readme: a block command must start with wsim: {args}")
    done = subprocess.run([WSIM] + words[1:], cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"readme: `{args}` exited {done.returncode}:\n{done.stdout}{done.stderr}")
    RUNS[args] = done.stdout
    return done.stdout


def report_of(output):
    match = re.search(r"^(?:.* )?(?:Report|Summary): (\S+)$", output, re.M)
    if not match:
        sys.exit("readme: the run printed no Report: or Summary: line")
    return os.path.join(ROOT, match.group(1))


def section(report, title):
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^### |\Z)", report, re.M | re.S)
    if not match:
        sys.exit(f"readme: report.md has no section {title}")
    return f"### {title}\n{match.group(1)}".rstrip("\n") + "\n"


def generate(command):
    if command.startswith("wsim "):
        return run_wsim(command)
    if command.startswith("report "):
        title, _, args = command[len("report "):].partition(": ")
        with open(report_of(run_wsim(args)), encoding="utf-8") as handle:
            return section(handle.read(), title)
    if command.startswith("file "):
        path = os.path.join(ROOT, command[len("file "):])
        if not os.path.exists(path):
            print(f"readme: {path} is missing; its block is left as it was (run make bench first)")
            return None
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    sys.exit(f"readme: unknown block kind: {command}")


def main():
    readme_path = os.path.join(ROOT, "README.md")
    with open(readme_path, encoding="utf-8") as handle:
        readme = handle.read()
    def replace(match):
        command, fence = match.group(1), match.group(2)
        text = generate(command)
        if text is None:
            return match.group(0)
        print(f"readme: {command}")
        return f"<!-- make readme: {command} -->\n```{fence}\n{text.rstrip(chr(10))}\n```\n<!-- end of generated block -->"
    updated = MARKER.sub(replace, readme)
    if updated != readme:
        with open(readme_path, "w", encoding="utf-8") as handle:
            handle.write(updated)
        print("readme: README.md updated")
    else:
        print("readme: README.md already matches the build")


if __name__ == "__main__":
    main()
