#!/usr/bin/env python3
"""Runs one job of a GitHub Actions workflow here, as a runner would run it:
each `run:` step as written, with bash, in order, stopping at the first that
fails. The `uses:` steps of docs/guides/sandbox-in-ci.md's workflow are
stood in for: the workspace is prepared by the caller (actions/checkout),
the provider's checkout is this repository (actions/checkout with
repository: kirimchat/terraform-provider-kirimchat; its ref is this tree),
go is the one on PATH (actions/setup-go) and terraform is --cli
(hashicorp/setup-terraform). Anything else in the workflow is refused, so
that what the guide shows is what make test runs.

  github-job.py --cli PATH [--secret NAME=VALUE...] WORKFLOW JOB WORKSPACE

Python 3 standard library only: the workflow is read by a small reader of
the YAML that workflows use (mappings, lists, plain and quoted scalars, flow
lists, | blocks, comments), which fails on anything else.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROVIDER_REPOSITORY = "kirimchat/terraform-provider-kirimchat"


class YAMLError(Exception):
    pass


class Reader:
    """A YAML reader for workflow files: block mappings and sequences, plain,
    quoted and flow-list scalars, literal blocks (|, |-) and comments."""

    def __init__(self, text):
        self.lines = text.split("\n")
        self.i = 0

    def skip(self):
        while self.i < len(self.lines):
            s = self.lines[self.i].strip()
            if s and not s.startswith("#"):
                return
            self.i += 1

    def peek(self):
        self.skip()
        if self.i >= len(self.lines):
            return None, None
        line = self.lines[self.i]
        if "\t" in line[: len(line) - len(line.lstrip())]:
            raise YAMLError("line %d: a tab in the indentation" % (self.i + 1))
        return len(line) - len(line.lstrip(" ")), line.strip()

    def block(self, parent):
        indent, text = self.peek()
        if indent is None or indent <= parent:
            return None  # "key:" alone is null
        if text == "-" or text.startswith("- "):
            return self.sequence(indent)
        return self.mapping(indent)

    def mapping(self, indent):
        out = {}
        while True:
            at, text = self.peek()
            if at is None or at < indent:
                return out
            if at > indent or text.startswith("- "):
                raise YAMLError("line %d: unexpected indentation" % (self.i + 1))
            m = re.match(r"^([A-Za-z0-9_.-]+):(?:\s+(.*))?$", text)
            if not m:
                raise YAMLError("line %d: not a key: value line: %s" % (self.i + 1, text))
            key, rest = m.group(1), (m.group(2) or "").strip()
            if key in out:
                raise YAMLError("line %d: %s twice" % (self.i + 1, key))
            self.i += 1
            if rest in ("|", "|-"):
                out[key] = self.literal(indent, rest == "|-")
            elif rest == "" or rest.startswith("#"):
                out[key] = self.block(indent)
            else:
                out[key] = scalar(rest, self.i)
        return out

    def sequence(self, indent):
        out = []
        while True:
            at, text = self.peek()
            if at is None or at < indent:
                return out
            if at > indent or not (text == "-" or text.startswith("- ")):
                raise YAMLError("line %d: unexpected indentation" % (self.i + 1))
            rest = text[1:].strip()
            if rest == "":
                self.i += 1
                out.append(self.block(indent))
            elif re.match(r"^[A-Za-z0-9_.-]+:(\s|$)", rest):
                # "- key: value": a mapping whose keys sit two columns in.
                self.lines[self.i] = " " * (indent + 2) + rest
                out.append(self.mapping(indent + 2))
            else:
                self.i += 1
                out.append(scalar(rest, self.i))

    def literal(self, parent, chomp):
        body = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.strip() and len(line) - len(line.lstrip(" ")) <= parent:
                break
            body.append(line)
            self.i += 1
        while body and not body[-1].strip():
            body.pop()
        cut = min(len(l) - len(l.lstrip(" ")) for l in body if l.strip())
        text = "\n".join(l[cut:] for l in body)
        return text if chomp else text + "\n"


def scalar(text, line):
    if text.startswith('"'):
        m = re.match(r'^"((?:[^"\\]|\\.)*)"\s*(#.*)?$', text)
        if not m:
            raise YAMLError("line %d: an unclosed quote" % line)
        return m.group(1).encode().decode("unicode_escape")
    if text.startswith("'"):
        m = re.match(r"^'((?:[^']|'')*)'\s*(#.*)?$", text)
        if not m:
            raise YAMLError("line %d: an unclosed quote" % line)
        return m.group(1).replace("''", "'")
    text = re.sub(r"\s+#.*$", "", text)
    if text.startswith("["):
        if not text.endswith("]"):
            raise YAMLError("line %d: an unclosed flow list" % line)
        return [scalar(t.strip(), line) for t in text[1:-1].split(",") if t.strip()]
    if text[0] in "{&*!%@`>|":
        raise YAMLError("line %d: YAML this reader does not read: %s" % (line, text))
    return text


def expand(value, secrets, where):
    """${{ secrets.NAME }} from --secret; any other expression is refused."""

    def one(m):
        expr = m.group(1).strip()
        s = re.match(r"^secrets\.([A-Za-z_][A-Za-z0-9_]*)$", expr)
        if not s:
            raise SystemExit("%s: cannot evaluate ${{ %s }}" % (where, expr))
        if s.group(1) not in secrets:
            raise SystemExit("%s: no --secret %s" % (where, s.group(1)))
        return secrets[s.group(1)]

    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


def known(mapping, keys, where):
    extra = sorted(set(mapping) - set(keys))
    if extra:
        raise SystemExit("%s: %s: not something this runner stands in for" % (where, ", ".join(extra)))


def stand_in(step, workspace, bindir, where):
    """Does here what a uses: step does on GitHub, or refuses it."""
    uses, given = step["uses"], step.get("with", {})
    action = uses.split("@")[0]
    if action == "actions/checkout":
        known(given, ["repository", "ref", "path"], where)
        if "repository" not in given:
            return "the workspace, prepared by the caller"
        if given["repository"] != PROVIDER_REPOSITORY or "path" not in given:
            raise SystemExit("%s: checks out %s: only %s, into a path, is stood in for"
                             % (where, given.get("repository"), PROVIDER_REPOSITORY))
        os.symlink(REPO, os.path.join(workspace, given["path"]))
        return "%s at %s: this tree (ref %s not fetched)" % (given["path"], PROVIDER_REPOSITORY, given.get("ref", "default"))
    if action == "actions/setup-go":
        known(given, ["go-version", "go-version-file", "cache-dependency-path"], where)
        for key in ("go-version-file", "cache-dependency-path"):
            if key in given and not os.path.exists(os.path.join(workspace, given[key])):
                raise SystemExit("%s: %s %s does not exist" % (where, key, given[key]))
        return "go on PATH"
    if action == "hashicorp/setup-terraform":
        known(given, ["terraform_version", "terraform_wrapper"], where)
        if str(given.get("terraform_wrapper", "true")).lower() != "false":
            raise SystemExit("%s: terraform_wrapper must be false: the wrapper rewrites terraform's output" % where)
        return "terraform is %s" % os.path.realpath(os.path.join(bindir, "terraform"))
    raise SystemExit("%s: uses %s, which this runner does not stand in for" % (where, uses))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True, help="the CLI that hashicorp/setup-terraform stands for")
    parser.add_argument("--secret", action="append", default=[], help="NAME=VALUE")
    parser.add_argument("workflow")
    parser.add_argument("job")
    parser.add_argument("workspace")
    args = parser.parse_args()
    secrets = dict(s.split("=", 1) for s in args.secret)
    workspace = os.path.abspath(args.workspace)

    with open(args.workflow) as f:
        try:
            workflow = Reader(f.read()).mapping(0)
        except YAMLError as e:
            raise SystemExit("%s: %s" % (args.workflow, e))
    known(workflow, ["name", "on", "env", "jobs"], args.workflow)
    if args.job not in workflow.get("jobs", {}):
        raise SystemExit("%s: no job %s" % (args.workflow, args.job))
    job = workflow["jobs"][args.job]
    # runs-on and if say where and when the job runs, not what it does.
    known(job, ["name", "runs-on", "if", "env", "steps"], args.job)

    bindir, runner_temp = tempfile.mkdtemp(), tempfile.mkdtemp()
    try:
        run_job(args, workflow, job, secrets, workspace, bindir, runner_temp)
    finally:
        shutil.rmtree(bindir)
        shutil.rmtree(runner_temp)


def run_job(args, workflow, job, secrets, workspace, bindir, runner_temp):
    os.symlink(os.path.abspath(args.cli), os.path.join(bindir, "terraform"))
    env = dict(os.environ)
    env.update({"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace,
                "RUNNER_TEMP": runner_temp, "PATH": bindir + os.pathsep + os.environ["PATH"]})
    for scope in (workflow, job):
        for k, v in scope.get("env", {}).items():
            env[k] = expand(v, secrets, "env " + k)

    for n, step in enumerate(job["steps"], 1):
        where = "%s step %d (%s)" % (args.job, n, step.get("name") or step.get("uses") or "run")
        known(step, ["name", "uses", "with", "run", "env", "shell", "working-directory"], where)
        if ("uses" in step) == ("run" in step):
            raise SystemExit("%s: a step is either uses: or run:" % where)
        print("== %s" % where, flush=True)
        if "uses" in step:
            print("   stood in for: %s" % stand_in(step, workspace, bindir, where), flush=True)
            continue
        shell = {None: ["bash", "-e"], "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"]}.get(step.get("shell"))
        if shell is None:
            raise SystemExit("%s: shell %s is not stood in for" % (where, step["shell"]))
        step_env = dict(env)
        for k, v in step.get("env", {}).items():
            step_env[k] = expand(v, secrets, "%s: env %s" % (where, k))
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as script:
            script.write(step["run"])
        cwd = os.path.join(workspace, step.get("working-directory", "."))
        code = subprocess.call(shell + [script.name], cwd=cwd, env=step_env)
        os.unlink(script.name)
        if code != 0:
            print("%s: exit %d" % (where, code), file=sys.stderr)
            sys.exit(code)


if __name__ == "__main__":
    main()
