#!/usr/bin/env python3
"""`make lint`: the rules of DESIGN.md the build can check, so they do not rest on discipline.

1. Import edges: each source target imports only what DESIGN.md's target table lets it (the edges that must
   never exist, such as Worker -> AWSSim, Worker -> CGit2 or the core -> Hummingbird/NIO, are named).
   Package.swift's target dependencies are checked against the same table, so an edge cannot be added there
   either.
2. Determinism in the core (every target but HTTPFront and wsim): no Date() (or Date.init, Date.now, any
   Date(timeIntervalSince...)), UUID(), .random/.shuffled/.randomElement without `using:`,
   SystemRandomNumberGenerator, Task.sleep, Task { } or Task.detached, ContinuousClock, SuspendingClock,
   Dispatch queues and times, ProcessInfo's uptime, or arc4random, including inside string interpolations.
   A line may be exempted with a `// lint: wall-clock <reason>` comment, for review to see; none is today.
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
    (re.compile(r"\bDate\.init\s*\(\s*\)"), "Date() reads the wall clock"),
    (re.compile(r"\bDate\s*\(\s*timeIntervalSince(Now|ReferenceDate)?\s*:"), "Date(timeIntervalSince...) reads the wall clock"),
    (re.compile(r"\bDate\.now\b"), "Date.now reads the wall clock"),
    (re.compile(r"\bSystemRandomNumberGenerator\b"), "SystemRandomNumberGenerator is unseeded randomness"),
    (re.compile(r"\bTask\s*(\{|\.detached\b|\(\s*(priority|operation)\b)"), "a Task runs off the scheduler (async lives at the edges)"),
    (re.compile(r"\bsystemUptime\b|\bclock_gettime\b|\bgettimeofday\b"), "reads a clock"),
    (re.compile(r"\bUUID\s*\(\s*\)"), "UUID() is unseeded randomness"),
    (re.compile(r"\.random\((?![^)]*using:)"), ".random without using: is unseeded randomness"),
    (re.compile(r"\brandomElement\(\s*\)"), "randomElement() without using: is unseeded randomness"),
    (re.compile(r"\bshuffled\(\s*\)|\bshuffle\(\s*\)"), "shuffle without using: is unseeded randomness"),
    (re.compile(r"\bTask\.sleep\b"), "Task.sleep waits on the wall clock"),
    (re.compile(r"\b(Continuous|Suspending)Clock\b"), "a wall clock"),
    (re.compile(r"\bDispatch(Queue|Time|WallTime|Source|Group)\b"), "Dispatch runs on the wall clock and its own threads"),
    (re.compile(r"\barc4random"), "unseeded randomness"),
]
IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+"
                    r"(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def swift_files(root, folder):
    base = os.path.join(root, folder)
    for directory, _, files in os.walk(base):
        for name in sorted(files):
            if name.endswith(".swift"):
                yield os.path.join(directory, name)


def imports(lines):
    """(line number, module) of every import declaration in the file, wherever it is (outside comments and
    multi-line strings), statements joined by `;` included."""
    found = []
    in_block = in_string = False
    for number, line in enumerate(lines, 1):
        if in_string:
            in_string = line.count('"""') % 2 == 0
            continue
        if in_block:
            in_block = "*/" not in line
            continue
        text = line.strip()
        if text.startswith("/*"):
            in_block = "*/" not in text
            continue
        if line.count('"""') % 2 == 1:
            in_string = True
            continue
        for statement in code_only(line).split(";"):
            match = IMPORT.match(statement)
            if match:
                found.append((number, match.group(1)))
    return found


def code_only(line):
    """The line as code: string literals' text dropped but what their interpolations compute kept
    (`"\\(Date())"` is code), and its // comment dropped."""
    out = []
    index, in_string = 0, False
    while index < len(line):
        char = line[index]
        if not in_string:
            if line.startswith("//", index):
                break
            if char == '"':
                in_string = True
            else:
                out.append(char)
            index += 1
            continue
        if line.startswith("\\(", index):
            depth, start = 1, index + 2
            index = start
            while index < len(line) and depth:
                depth += {"(": 1, ")": -1}.get(line[index], 0)
                index += 1
            out.append(" " + line[start:index - 1] + " ")
            continue
        if char == "\\":
            index += 2
            continue
        if char == '"':
            in_string = False
            out.append('""')
        index += 1
    return "".join(out)


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
                    if re.search(r"(^|[{;]\s*)default\s*:", code_only(line).strip()):
                        problems.append(f"{rel}:{number}: default: in a config loader; switch over every case of the "
                                        "key enum so the compiler names each place a new key must be handled")
    problems += package_edges(root)
    problems += tracked_output(root)
    return problems


def package_edges(root):
    """Package.swift's target dependencies against the same table (products by their module names)."""
    path = os.path.join(root, "Package.swift")
    if not os.path.exists(path):
        return []
    text = open(path, encoding="utf-8").read()
    aliases = dict(re.findall(r'let (\w+) = Target\.Dependency\.product\(name: "(\w+)"', text))
    problems = []
    for match in re.finditer(r'\.(?:target|executableTarget)\(\s*name: "(\w+)",\s*dependencies: \[([^\]]*)\]', text):
        module, listed = match.group(1), match.group(2)
        if module not in ALLOWED:
            continue
        line = text[:match.start()].count("\n") + 1
        for item in re.findall(r'"(\w+)"|\b([a-z]\w*)\b', listed):
            name = item[0] or aliases.get(item[1])
            if name and name not in ALLOWED[module] and name not in UNIVERSAL and name not in ("GRDBSQLite",):
                problems.append(f"Package.swift:{line}: {module} depends on {name}: {module} may depend only on "
                                f"{', '.join(sorted(ALLOWED[module]))} (DESIGN.md, Targets)")
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
