"""Reading a pytest JUnit XML report into the summary ``tyxq-conformance`` prints.

Example:
    >>> report = '''<testsuites><testsuite>
    ...   <testcase classname="suite.TestBackend" name="test_a[complex64]"/>
    ...   <testcase classname="suite.TestBackend" name="test_b"><skipped message="vmap not declared"/></testcase>
    ...   <testcase classname="suite.TestBackend" name="test_c"><failure message="AssertionError: 1 != 2"/></testcase>
    ... </testsuite></testsuites>'''
    >>> summary = Summary.from_junit_xml(report)
    >>> summary.counts()
    {'passed': 1, 'failed': 1, 'errors': 0, 'skipped': 1, 'expected failures': 0}
    >>> print(summary.format())  # doctest: +NORMALIZE_WHITESPACE
    passed 1, failed 1, errors 0, skipped 1, expected failures 0
    skipped (with reasons):
      1 x vmap not declared
    failed:
      TestBackend::test_c: AssertionError: 1 != 2
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Outcome", "Summary"]


@dataclass(frozen=True)
class Outcome:
    """One test case: its id, its outcome (passed, failed, error, skipped, xfailed) and message."""

    test: str
    outcome: str
    message: str = ""


@dataclass
class Summary:
    """Every outcome of one run, with counts and grouped reasons."""

    outcomes: list[Outcome] = field(default_factory=list)

    @classmethod
    def from_junit_xml(cls, text: str) -> Summary:
        """Parse the report pytest writes with ``--junitxml``."""
        summary = cls()
        for case in ElementTree.fromstring(text).iter("testcase"):
            test = f"{case.get('classname', '').rpartition('.')[2]}::{case.get('name', '')}".lstrip(":")
            outcome, message = "passed", ""
            for child in case:
                text = (child.text or "").strip()
                detail = (child.get("message") or text).strip()
                if detail == "collection failure" and text:
                    detail = f"collection failure: {text.splitlines()[-1]}"
                if child.tag == "failure":
                    outcome, message = "failed", detail
                elif child.tag == "error":
                    outcome, message = "error", detail
                elif child.tag == "skipped":
                    xfail = child.get("type") == "pytest.xfail"
                    outcome, message = ("xfailed" if xfail else "skipped"), detail
            summary.outcomes.append(Outcome(test, outcome, _one_line(message)))
        return summary

    def counts(self) -> dict[str, int]:
        """How many tests ended each way."""
        tally = Counter(o.outcome for o in self.outcomes)
        return {
            "passed": tally["passed"],
            "failed": tally["failed"],
            "errors": tally["error"],
            "skipped": tally["skipped"],
            "expected failures": tally["xfailed"],
        }

    @property
    def ok(self) -> bool:
        """No failures and no errors (and something ran)."""
        counts = self.counts()
        return bool(self.outcomes) and counts["failed"] == 0 and counts["errors"] == 0

    def format(self) -> str:
        """The counts, then skip and expected-failure reasons grouped, then every failure and error."""
        lines = [", ".join(f"{name} {count}" for name, count in self.counts().items())]
        for outcome, title in (("skipped", "skipped (with reasons)"), ("xfailed", "expected failures (with reasons)")):
            reasons = Counter(o.message for o in self.outcomes if o.outcome == outcome)
            if reasons:
                lines.append(f"{title}:")
                lines += [f"  {count} x {reason}" for reason, count in reasons.most_common()]
        for outcome, title in (("failed", "failed"), ("error", "errors")):
            broken = [o for o in self.outcomes if o.outcome == outcome]
            if broken:
                lines.append(f"{title}:")
                lines += [f"  {o.test}: {o.message}" for o in broken]
        return "\n".join(lines)


def _one_line(message: str, width: int = 240) -> str:
    """``message`` on one line, whitespace collapsed, cut at ``width`` characters."""
    text = " ".join(message.split())
    return text if len(text) <= width else text[: width - 1] + "…"
