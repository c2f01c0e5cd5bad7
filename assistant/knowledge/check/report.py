"""The outcome of a check: anomalies, each one line, and the summary."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Anomaly:
    kind: str  # e.g. "contradiction", "never_fires", "gap", "citation_page"
    severity: str  # "error" or "warning"
    where: str  # file:line
    message: str
    rules: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    def line(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


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
        return (
            f"check: {e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)} ({self.rules} rules,"
            f" {self.questions} questions, {self.combinations} combinations checked in {self.seconds:.2f} s"
            + (
                f"; {self.citations} citations and {self.quotes} quotes checked against {self.report})"
                if self.report is not None
                else ")"
            )
        )


def sort_key(a: Anomaly) -> tuple[str, int]:
    file, _, line = a.where.rpartition(":")
    return (file, int(line)) if line.isdigit() else (a.where, 0)
