"""Transcripts: the model and its schema, the four exporters, writing files, and the assess CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import jsonschema
import pytest
from markdown_it import MarkdownIt

from assistant import __version__
from assistant.consultation.answers import normalize
from assistant.consultation.consult import consult
from assistant.knowledge.yamlfile import InputError
from assistant.sessions import Session
from assistant.transcripts import (
    FORMATS,
    Transcript,
    TranscriptDetails,
    build_transcript,
    export,
    load_transcript,
    suggested_filename,
    write_transcript,
)
from assistant.transcripts import schema as schema_module
from assistant.transcripts.schema import SCHEMA_PATH, transcript_schema

from .conftest import CASES, load_case
from .conftest import run_main as run

LIBERIA = next(p for p in CASES if "liberia" in p.stem)
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
NOTE = "First line & more\n# not a heading\n\n- not a list\n| not | a table |\n```\n<b>bold?</b> *emph* [link](http://x)"


@pytest.fixture(scope="module")
def case():
    return load_case(LIBERIA)


@pytest.fixture(scope="module")
def transcript(kb, case):
    details = TranscriptDetails(crisis="Liberia (UNMIL)", officer="Desk officer", date=dt.date(2008, 5, 1))
    return build_transcript(
        kb, answers=case["answers"], details=details, notes={"hostility": "Cooperative; see May report."}
    )


@pytest.fixture(scope="module")
def hostile(kb, case):
    details = TranscriptDetails(crisis=SCRIPT, officer=IMG, date=dt.date(2008, 5, 1))
    return build_transcript(
        kb, answers=case["answers"], details=details, notes={"hostility": NOTE, "security_situation": IMG}
    )


def text_of(fmt: str, data: bytes) -> str:
    """What a reader of the document sees, as one string."""
    if fmt in ("markdown", "html"):
        import lxml.html

        if fmt == "markdown":  # as a Markdown viewer shows it
            data = MarkdownIt("commonmark").render(data.decode("utf-8")).encode("utf-8")
        return lxml.html.document_fromstring(data.decode("utf-8")).text_content()
    if fmt == "json":
        strings: list[str] = []

        def walk(x):
            if isinstance(x, dict):
                for v in x.values():
                    walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)
            else:
                strings.append(str(x))

        walk(json.loads(data))
        return "\n".join(strings)
    import docx

    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


# --- the model -----------------------------------------------------------------------------


def test_sources_are_every_distinct_passage_in_order_of_first_appearance(transcript):
    res = transcript.result
    assert [s.number for s in transcript.sources] == list(range(1, len(transcript.sources) + 1))
    cites = {s.citation() for s in transcript.sources}
    assert len(cites) == len(transcript.sources)
    every = [c for r in [res.recommendation] for c in r.citations]
    every += [c for f in res.flags for c in f.citations + [c for m in f.mitigations for c in m.citations]]
    every += [c for n in res.notes for c in n.citations + [c for i in n.items for c in i.citations]]
    every += [c for s in res.trace for c in s.citations]
    assert set(every) <= cites
    assert transcript.sources[0].citation() == res.recommendation.citations[0]


def test_answers_in_dialogue_order_with_prompts_labels_and_notes(kb, transcript, case):
    order = [q.id for q in kb.questions if q.id in case["answers"]]
    assert [a.question for a in transcript.answers] == order
    hostility = next(a for a in transcript.answers if a.question == "hostility")
    q = kb.question("hostility")
    assert hostility.prompt == q.prompt and hostility.labels == [q.label_of("low")]
    assert hostility.note == "Cooperative; see May report." and hostility.at is None
    assert transcript.app_version == __version__
    assert transcript.rulebase.sha256 == kb.sha256


def test_from_a_session_keeps_times_notes_and_details(kb, case):
    s = Session.new("Liberia\nsecond line", officer="Ö. Officer", kb=kb)
    for qid, v in case["answers"].items():
        s.set_answer(qid, v)
    s.set_note("hostility", NOTE)
    t = build_transcript(kb, session=s)
    assert t.details.crisis == "Liberia\nsecond line" and t.details.session_id == s.id
    assert t.details.date == s.details.date
    a = next(a for a in t.answers if a.question == "hostility")
    assert a.note == NOTE and a.at == s.answers["hostility"].at
    assert t.result == consult(normalize(kb, case["answers"]), kb, with_sensitivity=True)


def test_notes_for_unknown_or_unanswered_questions_are_refused(kb, case):
    with pytest.raises(InputError, match="unknown question 'nope'"):
        build_transcript(kb, answers=case["answers"], notes={"nope": "x"})
    with pytest.raises(InputError, match="'insurgency', which is not answered"):
        build_transcript(kb, answers=case["answers"], notes={"insurgency": "x"})


def test_committed_schema_is_the_generated_one():
    committed = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert committed == transcript_schema(), "run: uv run python -m assistant.transcripts.schema"
    assert {k: v for k, v in committed.items() if k != "$schema"} == Transcript.model_json_schema()


def test_schema_generation_writes_the_checkout_file_or_where_it_is_told(tmp_path, capsys, monkeypatch):
    assert schema_module.in_checkout(), "the tests run from a checkout"
    out = tmp_path / "sub" / "schema.json"
    assert schema_module.main([str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == transcript_schema()
    assert capsys.readouterr().out == f"wrote {out}\n"

    # An installed copy (no pyproject.toml beside the package) refuses without a path, in one line.
    monkeypatch.setattr(schema_module, "_CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setattr(schema_module, "SCHEMA_PATH", tmp_path / "site-packages" / "schemas" / "x.json")
    assert not schema_module.in_checkout()
    assert schema_module.main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "give the file to write" in captured.err
    assert not (tmp_path / "site-packages").exists()


def test_exported_json_validates_against_the_schema_and_round_trips(transcript, hostile):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for t in (transcript, hostile):
        data = export(t, "json")
        jsonschema.validate(json.loads(data), schema, cls=jsonschema.Draft202012Validator)
        assert Transcript.model_validate_json(data) == t
    bad = json.loads(export(transcript, "json"))
    bad["result"]["recommendation"]["model"] = "three_feet_in"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)


# --- the four formats ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_holds_the_whole_record(transcript, kb, fmt):
    text = text_of(fmt, export(transcript, fmt))
    res = transcript.result
    assert res.recommendation.label in text
    assert res.recommendation.form_label in text
    assert res.flags and all(f.title in text for f in res.flags)
    for f in res.flags:
        assert all(m.text in text for m in f.mitigations)
    checklist = next(n for n in res.notes if n.id == "integrated_approach_checklist")
    assert checklist.title in text and all(i.text in text for i in checklist.items)
    assert __version__ in text
    assert transcript.rulebase.sha256 in text
    assert "Liberia (UNMIL)" in text and "Cooperative; see May report." in text
    for s in transcript.sources:
        assert s.page in text and s.section in text
    if fmt != "json":
        # every paragraph cited is listed once, with its page and section, under the report's title
        for s in transcript.sources:
            mark = s.paragraph.replace("fn", "n. ").replace("p", "¶")
            assert text.count(f"p. {s.page} {mark}, {s.section}") == 1
        assert text.count("The United Nations and the Comprehensive Approach, DIIS Report 2008:14") >= 1
        # claims carry their page and paragraph, and say whose they are
        c = res.recommendation.citations[0]
        assert f"p. {c.page} ¶{c.paragraph[1:]}" in text
        assert "The report:" in text
        assert (
            "Suggested by the assistant, not the report:" in text
            or "The assistant's reading, not the report's:" in text
        )
        for sev in {f.severity for f in res.flags}:
            assert sev.capitalize() in text
        # the brief leads, the annex follows
        assert text.index(f"Recommendation: {res.recommendation.label}") < text.index("Annex")
        assert text.index("Annex") < text.index("How the recommendation was reached")
    else:
        data = json.loads(export(transcript, "json"))
        assert data["result"]["recommendation"]["basis"] in ("report", "assistant")
        for f in data["result"]["flags"]:
            assert f["basis"] in ("report", "assistant")
            for m in f["mitigations"]:
                assert set(m) == {"text", "basis", "citations", "see"}
                assert (m["basis"] == "report") == bool(m["citations"])


def test_html_is_self_contained_and_printable(transcript):
    html = export(transcript, "html").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "@media print" in html
    low = html.lower()
    for banned in ("<script", "<link", "@import", "src=", "url(", "http://", "https://"):
        assert banned not in low, banned
    links = re.findall(r'href="([^"]*)"', html)
    anchors = set(re.findall(r'id="([^"]*)"', html))
    assert links and all(h.startswith("#para-") and h[1:] in anchors for h in links)
    assert "page-break-before: always" in html  # the annex starts on a new page


def test_html_escapes_all_user_text(hostile):
    html = export(hostile, "html").decode("utf-8")
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    assert tree.xpath("//script") == [] and tree.xpath("//img") == []
    assert not [
        a for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")
    ]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "First line &amp; more" in html
    text = tree.text_content()
    assert SCRIPT in text and IMG in text and "First line & more" in text
    assert "<script" not in html.lower() and "<img" not in html.lower()


def test_markdown_neutralises_user_text(hostile, transcript):
    md = export(hostile, "markdown").decode("utf-8")
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(md)
    plain = parser.parse(export(transcript, "markdown").decode("utf-8"))

    def shape(ts):
        return [
            t.type
            for t in ts
            if t.type.endswith("_open") or t.type in ("fence", "code_block", "html_block", "hr")
        ]

    # the hostile text adds no heading, list, table, code or HTML
    assert shape(tokens) == shape(plain)
    inline = [c for t in tokens if t.children for c in t.children]
    assert not [
        c
        for c in inline
        if c.type in ("html_inline", "link_open", "code_inline") and "x" in (c.content + str(c.attrs))
    ]
    rendered = parser.render(md)
    assert "<script>" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "# not a heading" in rendered and "- not a list" in rendered


def test_docx_opens_and_holds_the_crisis(kb, case, hostile):
    import docx

    crisis = 'Côte d’Ivoire 🌍 — "UNOCI" & <partners>\x07'
    t = build_transcript(
        kb,
        answers=case["answers"],
        details=TranscriptDetails(crisis=crisis, officer=IMG),
        notes={"hostility": NOTE + "\x00"},
    )
    d = docx.Document(io.BytesIO(export(t, "docx")))
    text = text_of("docx", export(t, "docx"))
    assert 'Côte d’Ivoire 🌍 — "UNOCI" & <partners>' in text
    assert d.core_properties.title.startswith("Integration assessment: Côte d’Ivoire")
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Question", "Answer", "Note", "Answered"]
    assert len(table.rows) == 1 + len(t.answers)
    assert any(p.style.name.startswith("List Bullet") for p in d.paragraphs)
    assert SCRIPT in text_of("docx", export(hostile, "docx"))


# --- writing -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_write_refuses_to_overwrite_unless_forced(tmp_path, transcript, fmt):
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(b"precious")
    with pytest.raises(InputError, match=rf"out\.{fmt}: already exists; use --force"):
        write_transcript(transcript, fmt, path)
    assert path.read_bytes() == b"precious"
    assert write_transcript(transcript, fmt, path, force=True) == path
    assert path.read_bytes() == export(transcript, fmt) or fmt == "docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left


def test_write_into_a_folder_and_bad_places(tmp_path, transcript):
    written = write_transcript(transcript, "markdown", tmp_path)
    assert written == tmp_path / "Liberia-UNMIL-2008-05-01.md"
    with pytest.raises(InputError, match="no such folder"):
        write_transcript(transcript, "html", tmp_path / "missing" / "x.html")
    with pytest.raises(InputError, match="unknown transcript format"):
        write_transcript(transcript, "pdf", tmp_path / "x.pdf")


NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*\.(md|html|json|docx)$")


@pytest.mark.parametrize(
    "crisis",
    [
        "../../etc/passwd",
        "CON",
        "con",
        "NUL",
        "LPT1",
        "",
        "   ",
        "🌍🔥",
        ".hidden",
        "..",
        "-rf",
        'a/b\\c:d*e?f"g<h>i|j',
        "x" * 300,
        "Côte d'Ivoire",
        "Liberia (UNMIL)\n\x00",
        "日本語",
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_suggested_file_names_are_safe(crisis, fmt):
    name = suggested_filename(TranscriptDetails(crisis=crisis, date=dt.date(2008, 5, 1)), fmt)
    assert NAME.match(name), name
    assert len(name) <= 80 and not name.startswith(".")
    stem = name.split(".")[0]
    assert stem.upper() not in {"CON", "PRN", "AUX", "NUL", "LPT1", "COM1"}
    assert "/" not in name and ".." not in name
    assert suggested_filename(TranscriptDetails(crisis=crisis), fmt)  # without a date too


def test_suggested_file_name_reads_well():
    d = TranscriptDetails(crisis="Côte d'Ivoire / UNOCI", date=dt.date(2008, 5, 1))
    assert suggested_filename(d, "docx") == "Cote-d-Ivoire-UNOCI-2008-05-01.docx"
    assert suggested_filename(TranscriptDetails(crisis="CON"), "markdown") == "assessment-CON.md"
    assert suggested_filename(TranscriptDetails(), "json") == "integration-assessment.json"


# --- the command line ----------------------------------------------------------------------


def test_stdout_json_is_the_result_and_markdown_the_transcript(capsys, kb, case, tmp_path):
    """Without --output, assess prints the Result as JSON, or the Markdown transcript with the
    file's session details and notes."""
    from assistant.consultation.result import Result

    code, out, err = run(capsys, "assess", LIBERIA)
    assert code == 0 and err == ""
    data = json.loads(out)
    assert "format" not in data and "sources" not in data
    result = Result.model_validate(data)
    assert result.recommendation == consult(normalize(kb, case["answers"]), kb).recommendation
    doc = tmp_path / "answers.yaml"
    doc.write_text(
        "session: {crisis: Liberia (UNMIL), officer: Desk officer}\nnotes: {hostility: Calm since May.}\nanswers:\n"
        + "".join(f"  {q}: {json.dumps(v)}\n" for q, v in case["answers"].items()),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "assess", doc, "--format", "markdown")
    assert code == 0
    assert out.startswith("# Integration assessment: Liberia (UNMIL)")
    assert "**Officer:** Desk officer" in out and "Calm since May." in out
    assert f"## Recommendation: {result.recommendation.label}" in out and "# Annex" in out


def test_assess_writes_each_format(tmp_path, capsys):
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "session: {crisis: \"Liberia <UNMIL>\", officer: 'O''Brien', date: 2008-05-01}\n"
        "notes:\n  hostility: |\n    line one\n    line two\n" + LIBERIA.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    for fmt in FORMATS:
        out = tmp_path / f"t.{fmt}"
        code, stdout, err = run(capsys, "assess", answers, "--format", fmt, "--output", out)
        assert code == 0, err
        assert stdout == "" and str(out) in err
        assert "Liberia <UNMIL>" in text_of(fmt, out.read_bytes())
    t = load_transcript(tmp_path / "t.json")
    assert t.details.crisis == "Liberia <UNMIL>" and t.details.officer == "O'Brien"
    assert t.details.date == dt.date(2008, 5, 1)
    assert next(a for a in t.answers if a.question == "hostility").note == "line one\nline two\n"
    # again: refused, one line, file untouched
    before = (tmp_path / "t.json").read_bytes()
    code, stdout, err = run(capsys, "assess", answers, "--format", "json", "--output", tmp_path / "t.json")
    assert code == 2 and err.count("\n") == 1 and "already exists; use --force" in err and "t.json" in err
    assert (tmp_path / "t.json").read_bytes() == before
    code, _, _ = run(
        capsys, "assess", answers, "--format", "json", "--output", tmp_path / "t.json", "--force"
    )
    assert code == 0


@pytest.mark.parametrize(
    "name, fmt",
    [("t.md", "markdown"), ("t.HTML", "html"), ("t.docx", "docx"), ("t.json", "json"), ("t.txt", "json")],
)
def test_output_format_follows_the_extension_unless_given(tmp_path, capsys, transcript, name, fmt):
    code, _, err = run(capsys, "assess", LIBERIA, "--output", tmp_path / name)
    assert code == 0, err
    data = (tmp_path / name).read_bytes()
    head = {"markdown": b"# ", "html": b"<!DOCTYPE html>", "docx": b"PK", "json": b"{"}[fmt]
    assert data.startswith(head)
    code, _, _ = run(capsys, "assess", LIBERIA, "--format", "json", "--output", tmp_path / ("x" + name))
    assert (tmp_path / ("x" + name)).read_bytes().startswith(b"{")


def test_title_is_the_crisis_without_a_session(tmp_path, capsys):
    code, out, _ = run(capsys, "assess", LIBERIA, "--format", "html")
    assert code == 0 and "Liberia, UNMIL (2008)" in out


def test_docx_to_stdout_is_refused(capsys):
    code, out, err = run(capsys, "assess", LIBERIA, "--format", "docx")
    assert code == 2 and out == "" and "--output" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "extra, line, phrase",
    [
        ("sesion: {crisis: x}\n", 1, "unknown key 'sesion'"),
        ("notes:\n  hostilty: x\n", 2, "a note for unknown question 'hostilty'"),
        ("notes:\n  insurgency: x\n", 2, "'insurgency', which is not answered"),
        ("session:\n  crisis: 2008\n", 2, "session.crisis must be text"),
        ("session:\n  place: x\n", 2, "unknown key 'session.place'"),
        ("session:\n  date: someday\n", 2, "session.date must be a date"),
    ],
)
def test_bad_document_keys_are_refused_with_their_line(tmp_path, capsys, extra, line, phrase):
    f = tmp_path / "a.yaml"
    f.write_text(extra + LIBERIA.read_text(encoding="utf-8"), encoding="utf-8")
    for args in (["--format", "html"], ["--format", "json", "--output", tmp_path / "o.json"]):
        code, out, err = run(capsys, "assess", f, *args)
        assert code == 2 and out == ""
        assert (
            err.startswith(f"integration-assistant: {f}:{line}: ") and phrase in err and err.count("\n") == 1
        )
    assert not (tmp_path / "o.json").exists()


def test_printing_the_result_alone_reads_files_as_before(tmp_path, capsys):
    """Without --output the keys beside 'answers' are not checked, as before transcripts existed."""
    f = tmp_path / "a.json"
    f.write_text(
        json.dumps({"id": "x", "notes": "free text", "answers": {"country_team": "no"}}), encoding="utf-8"
    )
    code, out, _ = run(capsys, "assess", f)
    assert code == 0 and json.loads(out)["recommendation"]["model"] == "not_applicable"
    code, out, err = run(capsys, "assess", f, "--format", "json", "--output", tmp_path / "t.json")
    assert code == 2 and "'notes' must be a mapping of question id to text" in err
