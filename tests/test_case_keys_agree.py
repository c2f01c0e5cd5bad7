"""Every training case's key says what the engine computes for the key's own answers.

The key's structured fields (the expected model, the flags listed as raised and as not raised)
and what its free text claims (a flag named as raised or not raised, at a severity; an answer that
"does not change the model"; another answer that "would" put the case where OCHA prefers two feet
out) are read against the result consulted for the key's answers. A key that says "no
hostile-environment flag is raised" while its answers raise one teaches the learner the wrong
thing, and the debrief then marks the learner down for following the result."""

import re
from pathlib import Path

import pytest
import yaml

from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult
from assistant.knowledge.schema import TrainingCase

ROOT = Path(__file__).resolve().parents[1]
CASE_FILES = sorted((ROOT / "dialogues" / "cases").glob("*.yaml"))

# Phrases the keys use for a flag besides its id and title (a concern, a gap).
EXTRA_NAMES = {
    "humanitarian_independence": ("independence concern",),
    "humanitarian_coordination_gap": ("coordination gap",),
}
# A clause about what would happen under other answers claims nothing about this result.
COUNTERFACTUAL = re.compile(r"\b(would|could|had|if|without|unless|were)\b", re.I)
SEVERITY = re.compile(r"\b(?:at|stays at)\s+(high|medium|low)\b(?:\s+severity)?", re.I)
UNCHANGED = re.compile(r"does not change the model|not as required for it", re.I)
PREFERS_OUT = re.compile(
    r"\bwould\b[^.]*OCHA prefers (?:two feet out|to keep the humanitarian function (?:outside|apart))", re.I
)


def load(path: Path) -> TrainingCase:
    return TrainingCase.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def answers_of(case: TrainingCase) -> dict:
    return {q: k.answer for q, k in case.key.items()}


def result_for(kb, answers: dict):
    return consult(normalize(kb, answers), kb)


def flag_names(kb) -> dict[str, tuple[str, ...]]:
    names = {}
    for fid, flag in kb.flags.items():
        spelled = {fid, fid.replace("_", "-"), fid.replace("_", " "), flag.title.lower()}
        names[fid] = tuple(sorted(spelled | set(EXTRA_NAMES.get(fid, ())), key=len, reverse=True))
    return names


def clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[.;:,]|\band\b", " ".join(text.split())) if c.strip()]


def flag_claims(text: str, names: dict[str, tuple[str, ...]]) -> list[tuple[str, bool, str | None]]:
    """(flag id, claimed raised?, claimed severity or None) for each clause that claims something
    about a flag in this result: it names the flag and says it is (not) raised or its severity."""
    claims = []
    for clause in clauses(text):
        if COUNTERFACTUAL.search(clause):
            continue
        low = clause.lower()
        for fid, spellings in names.items():
            name = next((n for n in spellings if n.lower() in low), None)
            if name is None:
                continue
            at = low.index(name.lower())
            negative = bool(
                re.search(r"\bno\b", low[:at]) or re.search(r"\bnot raised\b|\bis not\b", low[at:])
            )
            severity = SEVERITY.search(low[at:])
            positive = bool(re.search(r"\braise[sd]?\b|\bstays\b", low)) or severity is not None
            if negative:
                claims.append((fid, False, None))
            elif positive:
                claims.append((fid, True, severity.group(1).lower() if severity else None))
    return claims


def key_texts(case: TrainingCase) -> list[tuple[str, str]]:
    texts = [(f"key.{qid}", k.why) for qid, k in case.key.items()]
    texts.append(("report_arrangement", case.report_arrangement.text))
    if case.ocha_preference:
        texts.append(("ocha_preference", case.ocha_preference.text))
    return texts


def test_the_claim_reader_reads_the_keys_phrasing(kb):
    names = flag_names(kb)
    assert flag_claims("There is tension, so no hostile-environment flag is raised.", names) == [
        ("hostile_environment", False, None)
    ]
    assert flag_claims("The actors cooperate, so the hostile-environment flag is not raised.", names) == [
        ("hostile_environment", False, None)
    ]
    assert flag_claims(
        "Moderate hostility raises the hostile-environment flag at medium severity, not high.", names
    ) == [("hostile_environment", True, "medium")]
    assert flag_claims(
        "No hostile-environment flag is raised, and the independence concern stays at medium severity.", names
    ) == [
        ("hostile_environment", False, None),
        ("humanitarian_independence", True, "medium"),
    ]
    assert flag_claims("Without it, OCHA's absence would leave a coordination gap.", names) == []
    assert flag_claims("The tension is of the kind not limited to hostile environments.", names) == []


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_expected_model_and_flags_agree_with_the_result(path, kb):
    case = load(path)
    result = result_for(kb, answers_of(case))
    flags = {f.id for f in result.flags}
    expect = case.expect
    assert set(expect.flags) | set(expect.not_flags) <= set(kb.flags), (
        "the key names a flag that does not exist"
    )
    assert not set(expect.flags) & set(expect.not_flags), "a flag listed both as raised and as not raised"
    assert result.recommendation.model == expect.model, (
        f"the key expects {expect.model}; its answers give {result.recommendation.model}"
    )
    assert set(expect.flags) <= flags, (
        f"listed as raised, not raised by the key's answers: {set(expect.flags) - flags}"
    )
    assert not set(expect.not_flags) & flags, (
        f"listed as not raised, raised by the key's answers: {set(expect.not_flags) & flags}"
    )


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_what_the_key_text_says_of_flags_agrees_with_the_result(path, kb):
    case = load(path)
    result = result_for(kb, answers_of(case))
    severity = {f.id: str(f.severity) for f in result.flags}
    names = flag_names(kb)
    problems = []
    for where, text in key_texts(case):
        for fid, raised, level in flag_claims(text, names):
            if raised and fid not in severity:
                problems.append(f"{where}: says {fid} is raised; the key's answers do not raise it")
            elif not raised and fid in severity:
                problems.append(
                    f"{where}: says {fid} is not raised; the key's answers raise it ({severity[fid]})"
                )
            elif raised and level and severity[fid] != level:
                problems.append(f"{where}: says {fid} is at {level}; the key's answers give {severity[fid]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_what_the_key_text_says_of_the_model_agrees_with_the_result(path, kb):
    case = load(path)
    answers = answers_of(case)
    model = result_for(kb, answers).recommendation.model
    problems = []
    for qid, k in case.key.items():
        q = kb.question(qid)
        others = [o for o in q.option_ids if o != "unknown" and o != k.answer]
        if q.multi:
            continue
        if UNCHANGED.search(k.why):
            for other in others:
                got = result_for(kb, {**answers, qid: other}).recommendation.model
                if got != model:
                    problems.append(
                        f"key.{qid}: says the answer does not change the model, but {other} gives {got}"
                    )
        if PREFERS_OUT.search(k.why):
            gives = {o: result_for(kb, {**answers, qid: o}).recommendation.model for o in others}
            if "two_feet_out" not in gives.values():
                problems.append(
                    f"key.{qid}: says another answer would lead to two feet out; none does ({gives})"
                )
    assert not problems, "\n".join(problems)
