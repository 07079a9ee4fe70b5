"""Summarise a py-spy collapsed-stack profile (`py-spy record -f raw`).

    python bench/profile_summary.py bench/results/profile.txt [--top 15]

Prints, as shares of all samples of the profiled process:
- self time by function (the leaf frame: where the CPU actually was);
- inclusive time by function (any frame on the stack, counted once per sample);
- inclusive time by subsystem (the first frame of a known package, walking from the leaf up).

Stdlib only, so it runs with any Python 3.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter

FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")

# Frame-file prefixes that name a subsystem, checked from the leaf up: the first match wins.
SUBSYSTEMS = [
    ("blanko_tracker/", "blanko_tracker (app code)"),
    ("piccolo/", "piccolo (ORM: query building, row conversion)"),
    ("asyncpg/", "asyncpg (PostgreSQL driver)"),
    ("msgspec/", "msgspec"),
    ("litestar/", "litestar (framework, middleware, DI, serialisation)"),
    ("uvicorn/", "uvicorn (HTTP server, access log)"),
    ("httptools/", "uvicorn (HTTP server, access log)"),
    ("logging/", "logging (stdlib)"),
    ("jwt/", "JWT decoding"),
    ("joserfc/", "JWT decoding"),
    ("jose/", "JWT decoding"),
    ("asyncio/", "asyncio event loop"),
    ("uvloop/", "asyncio event loop"),
]


def parse(path: str) -> list[tuple[list[str], int]]:
    stacks = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                continue
            stack, _, count = line.rpartition(" ")
            try:
                n = int(count)
            except ValueError:
                continue
            stacks.append((stack.split(";"), n))
    return stacks


def short(frame: str) -> str:
    match = FRAME.match(frame)
    if not match:
        return frame
    file = match["file"]
    for marker in ("site-packages/", "lib/python3"):
        if marker in file:
            file = file.split(marker, 1)[1]
    return f"{match['func']} ({file})"


def subsystem(frames: list[str]) -> str:
    for frame in reversed(frames):
        match = FRAME.match(frame)
        file = match["file"] if match else frame
        for prefix, name in SUBSYSTEMS:
            if prefix in file:
                return name
    return "other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--all-threads", action="store_true",
                        help="keep background threads (by default only the event-loop thread)")
    args = parser.parse_args()

    stacks = parse(args.profile)
    if not args.all_threads:
        # Background threads (Litestar's logging QueueListener, uvicorn's supervisor ping
        # thread) sit in blocking waits that py-spy still samples; they are not request work.
        stacks = [(f, n) for f, n in stacks if not f[0].startswith("Thread._bootstrap")]
    total = sum(n for _, n in stacks)
    if total == 0:
        print("no samples", file=sys.stderr)
        return 1

    self_time: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    systems: Counter[str] = Counter()
    for frames, n in stacks:
        self_time[short(frames[-1])] += n
        for name in {short(f) for f in frames}:
            inclusive[name] += n
        systems[subsystem(frames)] += n

    def show(title: str, counter: Counter[str], top: int, skip_roots: bool = False) -> None:
        print(f"\n{title}")
        shown = 0
        for name, n in counter.most_common():
            if skip_roots and n / total > 0.97:  # bootstrap frames present in every sample
                continue
            print(f"  {100 * n / total:5.1f}%  {name}")
            shown += 1
            if shown >= top:
                break

    print(f"samples: {total} ({args.profile})")
    show("self time (leaf frame):", self_time, args.top)
    show("inclusive time (on the stack):", inclusive, args.top + 15, skip_roots=True)
    show("by subsystem (innermost known package):", systems, len(systems))
    return 0


if __name__ == "__main__":
    sys.exit(main())
