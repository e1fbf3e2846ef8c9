"""The built-in e-mail templates and the placeholders each one may use.

A user's own template (``intro.txt`` or ``handoff.txt`` in the ``templates`` folder beside
``config.toml``) replaces the built-in one; ``handover draft templates`` writes these there
to start from. The README lists the placeholders from the tables below.
"""

from __future__ import annotations

INTRO = "intro"
HANDOFF = "handoff"
KINDS = (INTRO, HANDOFF)

_OWNERS = {
    "client": "the client's name",
    "outgoing_name": "the outgoing owner's name",
    "outgoing_role": "the outgoing owner's role",
    "outgoing_email": "the outgoing owner's e-mail address",
    "outgoing_phone": "the outgoing owner's phone number",
    "outgoing_contact": "the outgoing owner's e-mail and phone on one line",
    "incoming_name": "the incoming owner's name",
    "incoming_role": "the incoming owner's role",
    "incoming_email": "the incoming owner's e-mail address",
    "incoming_phone": "the incoming owner's phone number",
    "incoming_contact": "the incoming owner's e-mail and phone on one line",
    "handoff_start": "the first day of the handoff (its preparation), or 'to be agreed'",
    "introduced_from": "the first day of the execution phase, when the client meets the "
    "incoming owner",
    "overlap_end": "the last day both owners are the client's contacts",
    "handoff_end": "the last day of the handoff (its support phase)",
    "first_meeting": "the next meeting planned in the log, or 'to be arranged'",
    "today": "the date the draft is written",
}

PLACEHOLDERS: dict[str, dict[str, str]] = {
    INTRO: {
        **_OWNERS,
        "recipient_names": "the names of the people the message is to ('Ana and Ben')",
    },
    HANDOFF: {
        **_OWNERS,
        "goals": "the client's original goals (handoff summary)",
        "current_state": "where things stand now (handoff summary)",
        "challenges": "the unexpected challenges and how they were overcome",
        "going_forward": "what comes next (handoff summary)",
        "outgoing_later": "how to reach the outgoing owner later",
        "loose_ends": "the open loose ends: what, by when and who holds it, one a line",
        "open_items": "the checklist items not done yet, one a line, with due date and "
        "who is responsible",
        "who_to_call": "the client's contacts, primary first, with title, e-mail and phone",
    },
}

DEFAULTS: dict[str, str] = {
    INTRO: """\
Subject: $client: introducing $incoming_name

Dear $recipient_names,

I would like to introduce $incoming_name, $incoming_role,
who will take over from me as your main contact for $client.

$incoming_name joins me on the account from $introduced_from,
and we will both be at your disposal until $overlap_end.
From $handoff_end on, $incoming_name leads the account;
nothing changes in the work we are doing together.

Our first meeting together: $first_meeting.

You can reach $incoming_name at $incoming_contact,
and me, as before, at $outgoing_contact.

Kind regards,
$outgoing_name
$outgoing_role
""",
    HANDOFF: """\
Subject: Handoff of $client: summary, loose ends and who to call

Hello $incoming_name,

Here is what you need to take $client over from me.
The handoff runs from $handoff_start to $handoff_end;
we both look after the client until $overlap_end.
Our next meeting with them: $first_meeting.

Their goals
$goals

Where things stand
$current_state

Challenges, and how we dealt with them
$challenges

What comes next
$going_forward

Loose ends
$loose_ends

Open checklist items
$open_items

Who to call
$who_to_call

How to reach me later
$outgoing_later

$outgoing_name
""",
}

__all__ = ["DEFAULTS", "HANDOFF", "INTRO", "KINDS", "PLACEHOLDERS"]
