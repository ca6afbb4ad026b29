"""Checks, without a Docker engine, that ``docker build .`` needs nothing but the repository.

Every COPY/ADD source in the Dockerfile must name committed files inside the repository (no
``..``, no URL) that ``.dockerignore`` leaves in the build context, and no committed symlink
may point outside the repository. Run from the repository root: ``python3 .ci/docker_context.py``.
Prints one line per source; exits 1 and names every problem otherwise."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath


def instructions(dockerfile: str) -> list[str]:
    """The Dockerfile's instructions, continuation lines joined and comment lines dropped."""
    joined: list[str] = []
    pending = ""
    for raw in dockerfile.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        joined.append(pending + line)
        pending = ""
    if pending.strip():
        joined.append(pending)
    return joined


def copy_sources(dockerfile: str) -> list[tuple[str, str]]:
    """(instruction, source) for every COPY/ADD that reads the build context."""
    found: list[tuple[str, str]] = []
    for instruction in instructions(dockerfile):
        keyword, _, rest = instruction.partition(" ")
        rest = rest.strip()
        keyword = keyword.upper()
        if keyword not in ("COPY", "ADD"):
            continue
        flags: list[str] = []
        while rest.startswith("--"):
            flag, _, rest = rest.partition(" ")
            flags.append(flag)
            rest = rest.lstrip()
        if any(flag.startswith("--from") for flag in flags):
            continue  # from another build stage or image, not from the context
        arguments: list[str] = json.loads(rest) if rest.startswith("[") else shlex.split(rest)
        found.extend((keyword, source) for source in arguments[:-1])
    return found


def ignore_rules(text: str) -> list[tuple[bool, re.Pattern[str]]]:
    """.dockerignore as (excludes, pattern) rules; the last rule that matches a path wins."""
    rules: list[tuple[bool, re.Pattern[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        excludes = not line.startswith("!")
        pattern = os.path.normpath(line.lstrip("!").strip()).lstrip("/")
        rules.append((excludes, re.compile(glob_regex(pattern))))
    return rules


def glob_regex(pattern: str) -> str:
    """Docker's pattern syntax: ``**`` spans directories, ``*`` and ``?`` stay inside one."""
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            end = pattern.index("]", i + 1)
            out += "[" + pattern[i + 1 : end].replace("\\", "\\\\") + "]"
            i = end + 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return out + r"\Z"


def ignored(path: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """Whether .dockerignore keeps ``path`` (or a folder it sits in) out of the context."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    verdict = False
    for excludes, pattern in rules:
        if any(pattern.match(prefix) for prefix in prefixes):
            verdict = excludes
    return verdict


def under(source: str, path: str) -> bool:
    """Whether the committed file ``path`` is, or sits under, the COPY source (wildcards as
    Docker reads them: one path component each)."""
    wanted = PurePosixPath(source.lstrip("/")).parts
    if not wanted or wanted == (".",):
        return True
    parts = PurePosixPath(path).parts
    return len(parts) >= len(wanted) and all(
        fnmatchcase(part, pattern) for part, pattern in zip(parts, wanted, strict=False)
    )


def problems(root: Path) -> list[str]:
    """Everything that would make the image need more than the repository ([] when fine)."""
    listed = subprocess.run(
        ["git", "ls-files", "-s", "-z"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    files: list[str] = []
    found: list[str] = []
    for entry in filter(None, listed.split("\0")):
        meta, path = entry.split("\t", 1)
        files.append(path)
        if meta.startswith("120000"):  # a symlink: its target must stay inside
            target = (root / path).resolve()
            if not target.is_relative_to(root.resolve()):
                found.append(
                    f"{path}: a symlink to {os.readlink(root / path)}, outside the repository"
                )
    if "Dockerfile" not in files:
        return [*found, "the Dockerfile is not committed"]
    ignore = root / ".dockerignore"
    rules = ignore_rules(ignore.read_text(encoding="utf-8")) if ".dockerignore" in files else []
    sources = copy_sources((root / "Dockerfile").read_text(encoding="utf-8"))
    if not sources:
        found.append("the Dockerfile copies nothing from the build context")
    for keyword, source in sources:
        if re.match(r"[a-z][a-z0-9+.-]*://|git@", source):
            found.append(f"{keyword} {source}: fetched from outside the repository")
            continue
        if ".." in PurePosixPath(source).parts:
            found.append(f"{keyword} {source}: reaches outside the build context")
            continue
        context = [p for p in files if under(source, p) and not ignored(p, rules)]
        if not context:
            found.append(
                f"{keyword} {source}: no committed file in the build context (missing, or left out by .dockerignore)"
            )
        else:
            print(f"{keyword} {source}: {len(context)} committed file(s)")
    return found


def main() -> int:
    found = problems(Path.cwd())
    for problem in found:
        print(f"Docker build context: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
