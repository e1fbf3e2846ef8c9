"""``handover draft``: e-mail drafts from a shell prompt, read back with ``email``."""

from __future__ import annotations

import stat
from email import message_from_bytes, policy

import pytest

from handover_tui import cli
from handover_tui.db.engine import open_database
from handover_tui.services import clients, demo, log
from tests.conftest import DEMO_TODAY


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    return path.read_bytes()


@pytest.fixture
def demo_file(tmp_path, demo_template, monkeypatch):
    path = tmp_path / "demo.db"
    path.write_bytes(demo_template)
    monkeypatch.setattr(cli, "_today", lambda: DEMO_TODAY)
    return path


def handover(capsysbinary, *args: str) -> tuple[int, bytes, str]:
    code = cli.main(list(args))
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


def test_intro_goes_to_stdout_as_a_message(demo_file, capsysbinary):
    code, out, err = handover(capsysbinary, "--db", str(demo_file), "draft", "intro", "juniper")
    assert code == 0, err
    message = message_from_bytes(out, policy=policy.default)
    assert b"\r\n" in out  # a pipe gets the message byte for byte
    assert message["To"].addresses[0].addr_spec == "alex.schmidt@juniper.example"
    assert message["Cc"].addresses[0].display_name == "Helen Park"
    assert "introduce Helen Park" in message.get_content()


def test_intro_with_to_and_output_file(demo_file, capsysbinary, tmp_path):
    target = tmp_path / "intro.eml"
    code, out, err = handover(
        capsysbinary,
        "--db",
        str(demo_file),
        "draft",
        "intro",
        "juniper",
        "--to",
        "a@client.example",
        "b@client.example",
        "--to",
        "morgan.moreau@juniper.example",
        "-o",
        str(target),
    )
    assert code == 0 and out == b""
    assert f"Wrote the intro draft for Juniper Hotels to {target}." in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # client data, as the database
    message = message_from_bytes(target.read_bytes(), policy=policy.default)
    assert [a.addr_spec for a in message["To"].addresses] == [
        "a@client.example",
        "b@client.example",
        "morgan.moreau@juniper.example",
    ]


def test_handoff_note(demo_file, capsysbinary):
    code, out, _err = handover(
        capsysbinary, "--db", str(demo_file), "draft", "handoff", "Juniper Hotels"
    )
    assert code == 0
    message = message_from_bytes(out, policy=policy.default)
    assert message["Subject"].startswith("Handoff of Juniper Hotels")
    assert "Who to call" in message.get_content()


def test_a_bad_template_is_one_sentence_naming_the_placeholder(demo_file, capsysbinary):
    from handover_tui.services.mail_drafts import template_folder

    template_folder().mkdir(parents=True)
    (template_folder() / "intro.txt").write_text("Subject: $client\n\nDear $nme,\n")
    code, out, err = handover(capsysbinary, "--db", str(demo_file), "draft", "intro", "juniper")
    assert code == cli.EXIT_FAILED and out == b""
    assert err.startswith("handover: ") and "no placeholder $nme" in err
    assert len(err.strip().splitlines()) == 1


def test_a_bad_to_is_one_sentence(demo_file, capsysbinary):
    code, _out, err = handover(
        capsysbinary, "--db", str(demo_file), "draft", "intro", "juniper", "--to", "x@y\nBcc: z"
    )
    assert code == cli.EXIT_FAILED
    assert "is not an e-mail address" in err and len(err.strip().splitlines()) == 1


def test_templates_are_written_to_the_config_folder(capsysbinary):
    from handover_tui.services.mail_drafts import template_folder

    code, out, _err = handover(capsysbinary, "draft", "templates")
    assert code == 0
    assert f"Wrote {template_folder() / 'intro.txt'}" in out.decode()
    assert (template_folder() / "handoff.txt").read_text().startswith("Subject: ")
    _code, out, _err = handover(capsysbinary, "draft", "templates")
    assert "Kept your" in out.decode()


def test_mark_sent_logs_the_introduction(demo_file, capsysbinary):
    code, _out, err = handover(
        capsysbinary, "--db", str(demo_file), "draft", "intro", "juniper", "--mark-sent"
    )
    assert code == 0 and "Logged the introduction to Juniper Hotels" in err
    db = open_database(f"sqlite:///{demo_file}")
    try:
        juniper = clients.resolve_client(db, "juniper").id
        latest = log.list_interactions(db, juniper)[0]
    finally:
        db.close()
    assert latest.kind == "introduction" and latest.occurred_on == DEMO_TODAY
    assert latest.attendees == "Alex Schmidt <alex.schmidt@juniper.example>"


def test_mark_sent_is_refused_read_only(demo_file, capsysbinary):
    code, out, err = handover(
        capsysbinary,
        "--db",
        str(demo_file),
        "--read-only",
        "draft",
        "intro",
        "juniper",
        "--mark-sent",
    )
    assert code == cli.EXIT_FAILED and out == b"" and "--read-only" in err


def test_draft_has_help(capsysbinary):
    for kind in ("intro", "handoff", "templates"):
        with pytest.raises(SystemExit) as done:
            cli.main(["draft", kind, "--help"])
        assert done.value.code == 0
    assert b"--to EMAIL" in capsysbinary.readouterr().out
