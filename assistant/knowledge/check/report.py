"""The outcome of a check: anomalies, each one line, and the summary."""

from __future__ import annotations

from dataclasses import dataclass

from ...i18n import N_, _, language, ngettext

SEVERITIES = {"error": N_("error"), "warning": N_("warning")}  # as an anomaly's line names them


@dataclass(frozen=True)
class Anomaly:
    kind: str  # e.g. "contradiction", "never_fires", "gap", "citation_page"
    severity: str  # "error" or "warning"
    where: str  # file:line
    message: str
    rules: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    def line(self) -> str:
        severity = _(SEVERITIES[self.severity]) if self.severity in SEVERITIES else self.severity
        return f"{self.where}: {severity}: {self.message}"


@dataclass
class CheckReport:
    anomalies: list[Anomaly]
    rules: int = 0
    questions: int = 0
    combinations: int = 0  # answer combinations the gap and overlap search covers
    evaluated: int = 0  # evaluations it took (one per class of equivalent combinations)
    seconds: float = 0.0
    report: str | None = None  # the report text the citations were checked against (check --report)
    citations: int = 0  # citations of the report checked against it
    quotes: int = 0  # quotes among them

    @property
    def errors(self) -> list[Anomaly]:
        return [a for a in self.anomalies if a.severity == "error"]

    @property
    def warnings(self) -> list[Anomaly]:
        return [a for a in self.anomalies if a.severity == "warning"]

    def of(self, kind: str) -> list[Anomaly]:
        return [a for a in self.anomalies if a.kind == kind]

    @property
    def kinds(self) -> set[str]:
        return {a.kind for a in self.anomalies}

    def lines(self) -> list[str]:
        return [a.line() for a in self.anomalies]

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        counted = counts(e, w)
        scope = _(
            "{rules} rules, {questions} questions, {combinations} combinations checked in {seconds} s"
        ).format(
            rules=self.rules,
            questions=self.questions,
            combinations=self.combinations,
            seconds=f"{self.seconds:.2f}" if language() == "en" else f"{self.seconds:.2f}".replace(".", ","),
        )
        if self.report is not None:
            scope += "; " + _("{citations} citations and {quotes} quotes checked against {report}").format(
                citations=self.citations, quotes=self.quotes, report=self.report
            )
        return f"check: {counted} ({scope})"


def counts(errors: int, warnings: int) -> str:
    """ "2 errors, 1 warning"."""
    return (
        ngettext("{n} error", "{n} errors", errors).format(n=errors)
        + ", "
        + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
    )


def sort_key(a: Anomaly) -> tuple[str, int]:
    file, _sep, line = a.where.rpartition(":")
    return (file, int(line)) if line.isdigit() else (a.where, 0)
