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
    file PATH from TEXT         the file from its first line starting with TEXT
    file PATH until TEXT        the file before its first line starting with TEXT

A test (`ReadmeTests`) runs every `wsim` and `report` block again and compares, so the README cannot drift.
"""
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WSIM = os.environ.get("WSIM", os.path.join(ROOT, ".build/debug/wsim"))
# A block's body never holds another block's marker or end line: a marker without its own end is an error, not a
# licence to replace everything up to the next block's end (which once deleted half of the README).
BODY = r"(?:(?!<!-- make readme: |<!-- end of generated block -->).)*?"
MARKER = re.compile(r"^<!-- make readme: (.+?) -->\n```(\w*)\n" + BODY + r"\n```\n<!-- end of generated block -->$", re.M | re.S)
BEGIN = re.compile(r"^<!-- make readme: (.+?) -->$", re.M)


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
        spec = command[len("file "):]
        found = re.match(r"(.+?) (from|until) (.+)$", spec)
        name, part, text = found.groups() if found else (spec, "", "")
        path = os.path.join(ROOT, name)
        if not os.path.exists(path):
            print(f"readme: {path} is missing; its block is left as it was (run make bench first)")
            return None
        with open(path, encoding="utf-8") as handle:
            content = handle.read()
        if not part:
            return content
        lines = content.split("\n")
        start = next((i for i, line in enumerate(lines) if line.startswith(text)), None)
        if start is None:
            print(f"readme: {name} has no line starting with {text!r}; its block is left as it was")
            return None
        return "\n".join(lines[start:] if part == "from" else lines[:start])
    sys.exit(f"readme: unknown block kind: {command}")


def main():
    readme_path = os.path.join(ROOT, "README.md")
    with open(readme_path, encoding="utf-8") as handle:
        readme = handle.read()
    matched = [m.group(1) for m in MARKER.finditer(readme)]
    begun = BEGIN.findall(readme)
    if matched != begun:
        lost = [command for command in begun if command not in matched]
        sys.exit("readme: a generated block is not a marker line, a fenced block and the end line "
                 f"`<!-- end of generated block -->`: {lost}; README.md left as it was")
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
