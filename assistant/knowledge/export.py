"""The rule base as a document: for `rules --format json|markdown` and for reviewers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..reasoning.compiled import compiled
from .loader import KnowledgeBase


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def rulebase_document(kb: KnowledgeBase) -> dict[str, Any]:
    base = compiled(kb)
    rules = []
    for crule in base.rules:
        r = crule.rule
        rules.append(
            {
                "id": r.id,
                "topic": kb.topics[r.id],
                "title": r.title,
                "explanation": r.explanation,
                "basis": r.basis,
                "salience": r.salience,
                "when": [_dump(c) for c in r.when],
                "then": _dump(r.then),
                "concludes": {"name": crule.concludes[0], "value": crule.concludes[1]},
                "experta_rules": [f"r{crule.order:03d}_{t}" for t in range(len(crule.terms))],
                "citations": [_dump(c) for c in r.citations],
                "see": [_dump(c) for c in r.see],
            }
        )
    return {
        "rulebase": {
            "name": kb.source.rulebase,
            "version": kb.version,
            "sha256": kb.sha256,
            "source": kb.source.source,
        },
        "facts": [_dump(f) for f in kb.facts.values()],
        "models": [_dump(m) for m in kb.models.values()],
        "forms": [_dump(f) for f in kb.forms.values()],
        "flags": [_dump(f) for f in kb.flags.values()],
        "notes": [_dump(n) for n in kb.notes.values()],
        "rules": rules,
    }


def rulebase_markdown(kb: KnowledgeBase) -> str:
    from ..consultation.explain import Wording
    from ..render.citations import locator
    from ..render.markdown import statement

    wording = Wording(kb)
    base = compiled(kb)
    out = [
        f"# {kb.source.rulebase} {kb.version}",
        "",
        f"sha256 `{kb.sha256}`",
        "",
        f"Source: {kb.source.source}",
        "",
    ]
    for crule in base.rules:
        r = crule.rule
        out.append(f"## {r.id} (salience {r.salience})")
        out += ["", f"**{r.title}.** {statement(r.explanation, r.basis)}", ""]
        for i, term in enumerate(crule.terms, 1):
            conds = " and ".join(wording.literal(lit) for lit in term) or "always"
            label = "When" if len(crule.terms) == 1 else f"When ({i})"
            out.append(f"- {label}: {conds}")
        out.append(f"- Then: {wording.fact(*crule.concludes)}")
        out += [
            f"- Cites: {locator(c)}, {c.section}" + (f' "{c.quote}"' if c.quote else "") for c in r.citations
        ]
        out += [f"- See: {locator(c)}, {c.section}" + (f' "{c.quote}"' if c.quote else "") for c in r.see]
        out.append("")
    return "\n".join(out)
