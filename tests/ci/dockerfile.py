"""A small Dockerfile and .dockerignore reader for the tests (no Docker engine on these machines):
instructions with continuation lines joined, grouped into stages, ARG values substituted, and
the .dockerignore rule (last matching pattern wins; a pattern also matches everything under it)."""

from __future__ import annotations

import json
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Instruction:
    keyword: str  # upper case: FROM, RUN, COPY, ...
    args: str  # the raw text after the keyword, continuation lines joined

    def exec_form(self) -> list[str] | None:
        """The JSON array of `CMD ["a", "b"]`-style arguments, or None for the shell form."""
        text = self.args.strip()
        if not text.startswith("["):
            return None
        value = json.loads(text)
        assert isinstance(value, list) and all(isinstance(v, str) for v in value), text
        return value

    def flags(self) -> tuple[dict[str, str], str]:
        """Leading `--name=value` options (HEALTHCHECK, COPY, RUN) and the rest of the text."""
        options: dict[str, str] = {}
        rest = self.args.strip()
        while rest.startswith("--"):
            option, _, rest = rest.partition(" ")
            name, _, value = option[2:].partition("=")
            options[name] = value
            rest = rest.strip()
        return options, rest


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def one(self, keyword: str) -> Instruction:
        found = self.all(keyword)
        assert len(found) == 1, f"expected one {keyword} in stage {self.name or self.base}, found {len(found)}"
        return found[0]

    def env(self) -> dict[str, str]:
        """Every ENV of the stage (`ENV A=1 B=2` form)."""
        out: dict[str, str] = {}
        for instruction in self.all("ENV"):
            for pair in shlex.split(instruction.args):
                key, sep, value = pair.partition("=")
                assert sep, f"ENV {instruction.args!r}: use the KEY=value form"
                out[key] = value
        return out

    def labels(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for instruction in self.all("LABEL"):
            for pair in shlex.split(instruction.args):
                key, _, value = pair.partition("=")
                out[key] = value
        return out


@dataclass
class Dockerfile:
    args: dict[str, str]  # every ARG with its default (global and per stage)
    stages: list[Stage]

    def expand(self, text: str) -> str:
        """Substitute ${NAME} and $NAME with the ARG defaults."""
        return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: self.args.get(m.group(1) or m.group(2), m.group(0)), text)

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)


def logical_lines(text: str) -> list[str]:
    """Lines with comments dropped and backslash continuations joined."""
    lines: list[str] = []
    pending = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not pending):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        lines.append(pending + stripped)
        pending = ""
    assert not pending, "the Dockerfile ends in a continuation line"
    return lines


def parse(path: Path) -> Dockerfile:
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in logical_lines(path.read_text()):
        keyword, _, rest = line.partition(" ")
        instruction = Instruction(keyword.upper(), rest.strip())
        if instruction.keyword == "ARG":
            name, _, default = instruction.args.partition("=")
            args[name] = default.strip('"')
        if instruction.keyword == "FROM":
            words = instruction.args.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base=words[0], name=name))
        elif stages:
            stages[-1].instructions.append(instruction)
    return Dockerfile(args, stages)


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


class IgnoreRules:
    """.dockerignore: (is_exception, pattern) per line, in order. Docker's rule: the last pattern
    that matches the path or one of its parents decides."""

    def __init__(self, path: Path):
        self.rules: list[tuple[bool, str, re.Pattern[str]]] = []
        for line in path.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                pattern = line.lstrip("!").strip("/")
                self.rules.append((line.startswith("!"), pattern, _pattern_regex(pattern)))

    def ignored(self, relative: str) -> bool:
        parts = relative.split("/")
        candidates = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
        ignored = False
        for exception, _, regex in self.rules:
            if any(regex.match(c) for c in candidates):
                ignored = not exception
        return ignored

    def may_include_below(self, directory: str) -> bool:
        return any(exception and pattern.startswith(directory + "/") for exception, pattern, _ in self.rules)


def build_context(root: Path) -> list[str]:
    """Every file of the repository that `docker build` would send (relative paths)."""
    rules = IgnoreRules(root / ".dockerignore")
    out = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder).relative_to(root).as_posix()
        prefix = "" if here == "." else here + "/"
        dirs[:] = [d for d in dirs if not rules.ignored(prefix + d) or rules.may_include_below(prefix + d)]
        out += [prefix + f for f in files if not rules.ignored(prefix + f)]
    return sorted(out)
