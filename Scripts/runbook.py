#!/usr/bin/env python3
"""Runs the README's live runbook, command by command, against a `wsim serve --live --seed-set amelia` it starts.

The runbook is the README's block between `<!-- runbook: begin -->` and `<!-- runbook: end -->`: console blocks
whose `$ ` lines are commands and whose other lines are what the command printed. The first command,
`make live`, stands for the server, which this script starts itself (on free ports, in a temporary folder,
`--speed` times the wall clock); every other command runs in one bash session, so variables carry over, with the
README's addresses (`127.0.0.1:4566`, `127.0.0.1:8080`, `.wsim/serve`) rewritten to the server's.

    python3 Scripts/runbook.py --check    every command exits 0 and prints something where the README shows output
    python3 Scripts/runbook.py --write    the same, then writes each command's output into the README (speed 1)

Environment: WSIM (the binary, default .build/debug/wsim); the aws CLI is looked up next to this Python first.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WSIM = os.environ.get("WSIM", os.path.join(ROOT, ".build/debug/wsim"))
BLOCK = re.compile(r"(<!-- runbook: begin -->\n)(.*?)(<!-- runbook: end -->)", re.S)
CONSOLE = re.compile(r"```console\n(.*?)```", re.S)


def steps(readme):
    """[(command, shown output lines)] in order."""
    block = BLOCK.search(readme)
    if not block:
        raise SystemExit("README.md has no runbook block")
    found = []
    for console in CONSOLE.finditer(block.group(2)):
        for line in console.group(1).splitlines():
            if line.startswith("$ "):
                found.append([line[2:], []])
            elif found:
                found[-1][1].append(line)
    return found


def start_server(folder, speed):
    server = subprocess.Popen(
        [WSIM, "serve", "--live", "--seed-set", "amelia", "--port", "0", "--lb-port", "0", "--speed", str(speed), "--out", folder],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    while True:
        line = server.stdout.readline()
        if not line:
            raise SystemExit("wsim serve --live printed no ready lines:\n" + "".join(lines))
        lines.append(line)
        if line.strip().startswith("try:"):
            return server, "".join(lines)


def run(commands, aws_port, balancer_port, folder, timeout):
    """Each command's (status, output), run in one bash session."""
    script = []
    for index, command in enumerate(commands):
        command = (command.replace("127.0.0.1:4566", f"127.0.0.1:{aws_port}")
                   .replace("127.0.0.1:8080", f"127.0.0.1:{balancer_port}").replace(".wsim/serve", folder))
        script.append(f"echo '@@@begin {index}'\n{command}\necho \"@@@end {index} $?\"\n")
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        env.pop(name, None)
    env["AWS_CONFIG_FILE"] = os.devnull
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    done = subprocess.run(["bash", "-c", "".join(script)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    results = []
    for index in range(len(commands)):
        match = re.search(rf"@@@begin {index}\n(.*?)@@@end {index} (\d+)\n", done.stdout, re.S)
        if not match:
            raise SystemExit(f"command {index + 1} ({commands[index]}) did not finish:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        results.append((int(match.group(2)), match.group(1)))
    return results, done.stderr


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "--check"
    readme_path = os.path.join(ROOT, "README.md")
    readme = open(readme_path, encoding="utf-8").read()
    found = steps(readme)
    if not found or not found[0][0].startswith("make live"):
        raise SystemExit("the runbook must begin with `$ make live`")
    scratch = tempfile.mkdtemp(prefix="wsim-runbook-")
    folder = os.path.join(scratch, "serve")
    speed = 1 if mode == "--write" else 20
    server, ready = start_server(folder, speed)
    try:
        aws_port = re.search(r"ready on http://127\.0\.0\.1:(\d+)", ready).group(1)
        balancer_port = re.search(r"load balancer: http://127\.0\.0\.1:(\d+)", ready).group(1)
        results, stderr = run([command for command, _ in found[1:]], aws_port, balancer_port, folder, timeout=600)
    finally:
        server.send_signal(signal.SIGTERM)
        status = server.wait(timeout=120)
        server.stdout.close()
        shutil.rmtree(scratch, ignore_errors=True)
    problems = []
    for (command, shown), (code, output) in zip(found[1:], results):
        if code != 0:
            problems.append(f"`{command}` exited {code}:\n{output}")
        elif any(line.strip() for line in shown) and not output.strip():
            problems.append(f"`{command}` printed nothing; the README shows output")
    if status != 0:
        problems.append(f"wsim serve exited {status} on SIGTERM")
    if problems:
        print("\n\n".join(problems) + "\n\nstderr of the session:\n" + stderr[-3000:], file=sys.stderr)
        return 1
    if mode == "--write":
        ready_lines = [line.replace(f":{aws_port}", ":4566").replace(f":{balancer_port}", ":8080").replace(folder, ".wsim/serve")
                       for line in ready.splitlines()]
        outputs = ["\n".join(ready_lines)] + [output.rstrip("\n").replace(f"127.0.0.1:{aws_port}", "127.0.0.1:4566")
                                             .replace(f"127.0.0.1:{balancer_port}", "127.0.0.1:8080").replace(folder, ".wsim/serve")
                                             for _, output in results]
        block = BLOCK.search(readme)
        body = block.group(2)
        commands = iter(zip([command for command, _ in found], outputs))

        def fill(console):
            lines = []
            for line in console.group(1).splitlines():
                if line.startswith("$ "):
                    _, output = next(commands)
                    lines.append(line)
                    if output:
                        lines.append(output)
            return "```console\n" + "\n".join(lines) + "\n```"

        readme = readme[: block.start(2)] + CONSOLE.sub(fill, body) + readme[block.end(2):]
        open(readme_path, "w", encoding="utf-8").write(readme)
        print(f"wrote the outputs of {len(outputs)} commands into README.md")
    else:
        print(f"runbook: {len(results) + 1} commands, all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
