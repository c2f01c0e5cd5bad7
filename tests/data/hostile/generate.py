"""Writes the hostile-input corpus beside this script: `uv run python tests/data/hostile/generate.py`.

Each file probes one way an input could crash, hang, swell or act on a terminal or a screen;
README.md says what each holds and what the program must do with it. The files are committed:
this script documents how they were made and remakes them byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANSWERS = 'answers:\n  un_presence: multidimensional_pko\n  country_team: "yes"\n'
# Control and bidirectional characters a terminal would act on: an OSC window title ended by
# BEL, a colour change, a cursor move, a C1 CSI, and the right-to-left override.
ESCAPES = "\x1b]0;pwned\x07\x1b[31mred\x1b[2J\x9b31m\u202eevil"
MARKUP = "[@click=app.quit]Darfur[/] [b]bold[/b] [link=https://example.org]x[/link]"


def write(name: str, text: str) -> None:
    (HERE / name).write_text(text, encoding="utf-8", newline="\n")


def main() -> None:
    # Nesting far past any recursion limit.
    write("deep.json", "[" * 100_000 + "]" * 100_000)
    write("deep.yaml", "answers: " + "[" * 20_000 + "]" * 20_000 + "\n")
    write("deep_block.yaml", "".join(f"{'  ' * i}k{i}:\n" for i in range(70)) + f"{'  ' * 70}end\n")
    # Numbers longer than Python turns into int.
    write("huge_int.json", '{"un_presence": ' + "9" * 5000 + "}")
    write("huge_int.yaml", "answers:\n  un_presence: " + "9" * 5000 + "\n")
    # A lone surrogate: half of a UTF-16 pair, not a character.
    write(
        "lone_surrogate.json", '{"session": {"crisis": "Darfur \\ud83d"}, "answers": {"un_presence": "none"}}'
    )
    write("lone_surrogate_note.yaml", ANSWERS + 'notes:\n  un_presence: "per JMAC \\udc80"\n')
    # YAML aliases: a billion laughs, one long text repeated in every field, a value holding itself.
    laughs = ['a0: &a0 ["' + "lol" * 10 + '"]'] + [
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)
    ]
    write("laughs.yaml", "\n".join(laughs) + "\n" + ANSWERS)
    long_text = "x" * 260_000
    singles = [
        "un_presence",
        "country_team",
        "geographic_mandate",
        "armed_groups_outside_process",
        "ocha_presence",
        "security_situation",
        "local_humanitarian_capacity",
        "mission_phase",
        "hostility",
        "host_consent",
        "insurgency",
        "forceful_disarmament",
        "abusive_key_actors",
        "political_timetable",
        "aid_conditionality",
        "military_assets",
        "non_un_forces",
        "dual_role_ngos",
        "ngo_parallel_coordination",
        "strategic_framework",
    ]
    write(
        "alias_notes.yaml",
        f'session: {{crisis: &t "{long_text}", officer: *t}}\nanswers:\n'
        + "".join(f"  {q}: unknown\n" for q in singles)
        + "notes:\n"
        + "".join(f"  {q}: *t\n" for q in singles),
    )
    write("alias_self.yaml", "answers: &a\n  un_presence: none\n  loop: *a\n")
    # Keys given twice: YAML and JSON would keep the last one silently.
    write("duplicate_key.yaml", 'un_presence: none\ncountry_team: "yes"\nun_presence: multidimensional_pko\n')
    write(
        "duplicate_key.json",
        '{\n  "answers": {\n    "country_team": "no",\n    "country_team": "yes"\n  }\n}\n',
    )
    # A date that is no date (YAML builds one, and fails).
    write("bad_date.yaml", ANSWERS + "session:\n  crisis: Darfur\n  date: 2008-13-45\n")
    # Batch lines: an unknown top-level key; a JSON string holding U+2028 (and a form feed).
    write(
        "batch_unknown_key.jsonl",
        json.dumps({"answers": {"country_team": "no"}})
        + "\n"
        + json.dumps({"answers": {"country_team": "no"}, "sesion": {"crisis": "x"}})
        + "\n",
    )
    write(
        "batch_separators.jsonl",
        json.dumps({"answers": {"country_team": "no"}, "id": "a\u2028b\x0cc"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"country_team": "yes"})
        + "\n",
    )
    # Accepted input whose text must reach the files exactly, and the terminal escaped.
    write(
        "escapes.json",
        json.dumps(
            {
                "session": {"crisis": ESCAPES, "officer": "\x07\x00\x1b[1m"},
                "notes": {"un_presence": ESCAPES},
                "answers": {"un_presence": "multidimensional_pko", "country_team": "yes"},
            },
            ensure_ascii=False,
        ),
    )
    write(
        "markup.yaml",
        ANSWERS + f'session:\n  crisis: {json.dumps(MARKUP)}\n  officer: "[i]officer[/i]"\n'
        f"notes:\n  un_presence: {json.dumps(MARKUP + ' <script>alert(1)</script> **md** | table |')}\n",
    )
    write("escaped_key.json", json.dumps({"\x1b]0;pwned\x07": "none"}))


if __name__ == "__main__":
    main()
