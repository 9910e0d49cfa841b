#!/usr/bin/env python3
"""`make lint`: the rules of DESIGN.md the build can check, so they do not rest on discipline.

1. Import edges: each source target imports only what DESIGN.md's target table lets it (the edges that must
   never exist, such as Worker -> AWSSim, Worker -> CGit2 or the core -> Hummingbird/NIO, are named).
2. Determinism in the core (every target but HTTPFront and wsim): no Date(), Date.now, UUID(), .random without
   `using:`, Task.sleep, ContinuousClock, SuspendingClock, DispatchQueue, DispatchTime or arc4random.
3. Config-key switches: a loader (`*Loader.swift` under Sources/Simulation) has no `default:` branch, so the
   compiler names every place a new key must be handled.
4. Tracked build output: no .build*/, Package.resolved, .wsim/, .venv*/ or object files in git.

Usage: python3 Scripts/lint.py [--root DIR]   (exit 0 clean, 1 with one line per problem: file:line: rule)
"""
import os
import re
import subprocess
import sys

CORE = ["SimKernel", "AWSPorts", "AWSSim", "Messages", "Worker", "GitWorkspace", "Fakes", "Hermes", "Simulation"]

# What each target may import (DESIGN.md, "Targets"); Foundation everywhere.
ALLOWED = {
    "SimKernel": set(),
    "AWSPorts": {"SimKernel"},
    "AWSSim": {"AWSPorts", "SimKernel", "GRDB", "GRDBSQLite", "SQLite3", "Crypto"},
    "Messages": {"SimKernel"},
    "Worker": {"Messages", "AWSPorts", "SimKernel", "Logging", "Crypto"},
    "GitWorkspace": {"Worker", "Messages", "AWSPorts", "SimKernel", "CGit2"},
    "Fakes": {"Worker", "Messages", "AWSPorts", "SimKernel", "Glibc"},
    "Hermes": {"Messages", "AWSPorts", "SimKernel", "Logging"},
    "Simulation": {"SimKernel", "AWSPorts", "AWSSim", "Messages", "Worker", "GitWorkspace", "Fakes", "Hermes", "Yams",
                   "Logging", "Crypto"},
    "HTTPFront": {"Simulation", "AWSSim", "AWSPorts", "SimKernel", "Messages", "Hummingbird", "HummingbirdCore",
                  "HummingbirdWebSocket", "NIOCore", "NIOHTTPTypes", "HTTPTypes", "Logging", "Glibc", "Dispatch"},
    "wsim": {"Simulation", "HTTPFront", "SimKernel", "Worker", "ArgumentParser", "Glibc", "Dispatch"},
}
# The edges DESIGN.md names as ones that must never exist, with its reason.
NAMED = {
    ("Worker", "AWSSim"): "the worker never imports the simulator",
    ("Worker", "Simulation"): "the worker never imports the simulator",
    ("Worker", "GRDB"): "the worker never imports SQLite",
    ("Worker", "CGit2"): "the worker never imports libgit2 (GitWorkspace adapts it)",
    ("AWSSim", "Worker"): "the simulated AWS is a product, independent of the worker",
}
UNIVERSAL = {"Foundation", "FoundationEssentials"}
SERVER_MODULES = re.compile(r"^(Hummingbird\w*|NIO\w*|HTTPTypes|WSCore)$")

WALL_CLOCK = [
    (re.compile(r"\bDate\s*\(\s*\)"), "Date() reads the wall clock"),
    (re.compile(r"\bDate\.now\b"), "Date.now reads the wall clock"),
    (re.compile(r"\bUUID\s*\(\s*\)"), "UUID() is unseeded randomness"),
    (re.compile(r"\.random\((?![^)]*using:)"), ".random without using: is unseeded randomness"),
    (re.compile(r"\brandomElement\(\s*\)"), "randomElement() without using: is unseeded randomness"),
    (re.compile(r"\bshuffled\(\s*\)|\bshuffle\(\s*\)"), "shuffle without using: is unseeded randomness"),
    (re.compile(r"\bTask\.sleep\b"), "Task.sleep waits on the wall clock"),
    (re.compile(r"\b(Continuous|Suspending)Clock\b"), "a wall clock"),
    (re.compile(r"\bDispatch(Queue|Time)\b"), "Dispatch runs on the wall clock and its own threads"),
    (re.compile(r"\barc4random"), "unseeded randomness"),
]
IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def swift_files(root, folder):
    base = os.path.join(root, folder)
    for directory, _, files in os.walk(base):
        for name in sorted(files):
            if name.endswith(".swift"):
                yield os.path.join(directory, name)


def imports(lines):
    """(line number, module) of the file's import declarations (at its top, before any other declaration)."""
    found = []
    in_block = False
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if in_block:
            if "*/" in text:
                in_block = False
            continue
        if not text or text.startswith("//") or text.startswith("#"):
            continue
        if text.startswith("/*"):
            in_block = "*/" not in text
            continue
        match = IMPORT.match(line)
        if not match:
            break
        found.append((number, match.group(1)))
    return found


def code_only(line):
    """The line without its // comment and string literals' contents (roughly: enough for these patterns)."""
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    return line.split("//", 1)[0]


def lint(root):
    problems = []
    for module, allowed in ALLOWED.items():
        for path in swift_files(root, os.path.join("Sources", module)):
            rel = os.path.relpath(path, root)
            with open(path, encoding="utf-8") as f:
                lines = f.read().splitlines()
            for number, imported in imports(lines):
                if imported in UNIVERSAL or imported in allowed:
                    continue
                if (module, imported) in NAMED:
                    reason = f"DESIGN.md forbids the edge {module} -> {imported}: {NAMED[(module, imported)]}"
                elif module in CORE and SERVER_MODULES.match(imported):
                    reason = f"DESIGN.md forbids the edge core -> {imported}: only HTTPFront and wsim use Hummingbird and NIO"
                else:
                    reason = f"{module} may import only {', '.join(sorted(allowed | UNIVERSAL))} (DESIGN.md, Targets)"
                problems.append(f"{rel}:{number}: import {imported}: {reason}")
            if module in CORE:
                in_block = False
                for number, line in enumerate(lines, 1):
                    if "lint: wall-clock" in line:
                        continue
                    text = line.strip()
                    if in_block:
                        in_block = "*/" not in text
                        continue
                    if text.startswith("/*"):
                        in_block = "*/" not in text
                        continue
                    code = code_only(line)
                    for pattern, why in WALL_CLOCK:
                        if pattern.search(code):
                            problems.append(f"{rel}:{number}: {why}; the core takes time from the Scheduler and randomness "
                                            "from a SeededGenerator (DESIGN.md, Determinism rules 1)")
            if module == "Simulation" and os.path.basename(path).endswith("Loader.swift"):
                for number, line in enumerate(lines, 1):
                    if re.match(r"^\s*default\s*:", code_only(line)):
                        problems.append(f"{rel}:{number}: default: in a config loader; switch over every case of the "
                                        "key enum so the compiler names each place a new key must be handled")
    problems += tracked_output(root)
    return problems


def tracked_output(root):
    try:
        listed = subprocess.run(["git", "-C", root, "ls-files", "-z"], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []  # not a git checkout (a copy made by a test): nothing is tracked
    problems = []
    for path in listed.decode("utf-8", "replace").split("\0"):
        if not path:
            continue
        first = path.split("/", 1)[0]
        if first.startswith(".build") or first in (".wsim", ".swiftpm") or first.startswith(".venv") \
                or path.endswith("Package.resolved") or re.search(r"\.(o|a|so|swiftmodule|swiftdoc|dylib)$", path):
            problems.append(f"{path}:1: build output or local state is tracked by git; remove it with git rm --cached")
    return problems


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(sys.argv) == 3 and sys.argv[1] == "--root":
        root = os.path.abspath(sys.argv[2])
    elif len(sys.argv) != 1:
        print("usage: lint.py [--root DIR]", file=sys.stderr)
        return 2
    problems = lint(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"lint: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("lint: clean (import edges, determinism in the core, config-key switches, tracked build output)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
