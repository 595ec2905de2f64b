"""The words of call logs, shared by the CSV importer and the Salesforce data export: channel
synonyms, directions, and the column names CRMs give each canonical field."""
from __future__ import annotations

from typing import Callable

_PHRASES = {
    "call": ["call", "phone", "phone call", "phone-call", "calls", "logged call", "outbound call", "inbound call",
             "dial", "telephone", "cold call"],
    "video": ["video", "video call", "video-call", "videocall", "zoom", "zoom call", "teams", "teams call",
              "ms teams", "microsoft teams", "google meet", "meet", "hangout", "hangouts", "webex", "facetime",
              "skype", "whereby"],
    "meeting": ["meeting", "meetings", "in person", "in-person", "inperson", "lunch", "coffee", "dinner",
                "breakfast", "drinks", "visit", "onsite", "on-site", "site visit", "event", "meetup",
                "face to face", "f2f", "conference"],
    "email": ["email", "e-mail", "mail", "emails", "sent email", "inbound email", "listemail", "list email"],
    "message": ["message", "messages", "linkedin message", "inmail", "linkedin", "sms", "text", "text message",
                "whatsapp", "chat", "slack", "dm"],
    "invitation": ["invitation", "invite", "connection request"],
    "recommendation": ["recommendation"],
    "endorsement": ["endorsement"],
    "connection": ["connection", "connected"],
    "note": ["note", "notes", "task", "todo", "to-do", "other"],
}
CHANNEL_SYNONYMS = {k: ", ".join(v) for k, v in _PHRASES.items()}
_CHANNEL = {phrase: canonical for canonical, phrases in _PHRASES.items() for phrase in phrases}


def normalise_channel(text: str) -> str | None:
    """The canonical channel for a cell, or ``None``.

    >>> normalise_channel("Zoom"), normalise_channel(" In Person "), normalise_channel("Phone")
    ('video', 'meeting', 'call')
    """
    key = " ".join((text or "").strip().lower().replace("_", " ").split())
    return _CHANNEL.get(key)


def normalise_direction(text: str) -> str | None:
    t = (text or "").strip().lower()
    if t in ("out", "outbound", "outgoing", "sent", "outbound call", "to"):
        return "outbound"
    if t in ("in", "inbound", "incoming", "received", "inbound call", "from"):
        return "inbound"
    return None


# Columns recognised without --map: canonical name -> (header, converter) candidates in preference
# order. Salesforce API names and report labels, HubSpot internal names and UI labels.
_SECONDS = lambda v: float(v) / 60  # noqa: E731
_MILLIS = lambda v: float(v) / 60000  # noqa: E731
KNOWN_COLUMNS: dict[str, list[tuple[str, Callable | None]]] = {
    "date": [("date", None), ("StartDateTime", None), ("ActivityDate", None), ("Activity Date", None),
             ("hs_timestamp", None), ("hs_meeting_start_time", None), ("Activity date", None),
             ("Call date", None), ("Meeting start time", None), ("Start Date Time", None), ("Start", None),
             ("Due Date", None), ("Create date", None)],
    "person": [("person", None), ("Name", None), ("Who.Name", None), ("WhoName", None), ("Contact", None),
               ("Contact Name", None), ("Associated Contact", None), ("Associated contact", None),
               ("Contact name", None), ("Full Name", None), ("Attendee", None)],
    "email": [("email", None), ("Email", None), ("Who.Email", None), ("Contact Email", None),
              ("E-mail", None), ("Email Address", None)],
    "linkedin_url": [("linkedin_url", None), ("LinkedIn URL", None), ("LinkedIn", None),
                     ("LinkedIn Profile", None)],
    "channel": [("channel", None), ("TaskSubtype", None), ("Task Subtype", None), ("Task Type", None),
                ("Type", None),
                ("Activity Type", None), ("hs_activity_type", None), ("hs_engagement_type", None),
                ("Engagement type", None), ("Activity type", None), ("Channel", None)],
    "company": [("company", None), ("Account", None), ("Account Name", None), ("Company", None),
                ("Associated Company", None), ("Company name", None)],
    "title": [("title", None), ("Job Title", None), ("Contact Title", None)],
    "subject": [("subject", None), ("Subject", None), ("hs_call_title", None), ("hs_meeting_title", None),
                ("Call title", None), ("Meeting name", None), ("Meeting title", None)],
    "direction": [("direction", None), ("CallType", None), ("Call Type", None), ("hs_call_direction", None),
                  ("Call direction", None)],
    # (a call's status after its disposition: COMPLETED says nothing of whether anyone answered)
    "outcome": [("outcome", None), ("hs_call_disposition", None), ("hs_meeting_outcome", None),
                ("Call outcome", None), ("Meeting outcome", None), ("Disposition", None), ("hs_call_status", None),
                ("Call status", None)],
    "status": [("status", None), ("Done", None), ("hs_task_status", None)],
    "owner": [("owner", None), ("Assigned", None), ("Assigned To", None), ("Activity assigned to", None),
              ("Owner Name", None), ("Owner.Name", None), ("Activity Owner", None), ("HubSpot owner", None),
              ("Call owner", None), ("Meeting owner", None)],
    "duration_minutes": [("duration_minutes", None), ("CallDurationInSeconds", _SECONDS),
                         ("Call Duration (seconds)", _SECONDS), ("Call Duration In Seconds", _SECONDS),
                         ("hs_call_duration", _MILLIS), ("DurationInMinutes", None), ("Duration (minutes)", None),
                         ("Call duration (HH:mm:ss)", None), ("Call duration", _MILLIS), ("Duration", None)],
}


# HubSpot's default call outcomes as its API and internal-name exports write them (hs_call_disposition
# holds the GUID; a portal's own outcomes have GUIDs of their own, read as unknown: a conversation)
HUBSPOT_DISPOSITIONS = {
    "9d9162e7-6cf3-4944-bf63-4dff82258764": "busy",
    "f240bbac-87c9-4f6e-bf70-924b57d47db7": "connected",
    "a4c4c377-d246-4b32-a13b-75a56a4cd0ff": "left live message",
    "b2cf5968-551e-4856-9783-52b3da59a7d0": "left voicemail",
    "73a0d17f-1163-4015-bdd5-ec830791da20": "no answer",
    "17b47fee-58de-441e-a44c-c6300d46f273": "wrong number",
}


def outcome_text(cell: str) -> str:
    """A call or meeting outcome as words: a HubSpot outcome GUID as its label, an API value such as
    ``NO_SHOW`` or ``NO_ANSWER`` as ``no show``, ``no answer``.

    >>> outcome_text("b2cf5968-551e-4856-9783-52b3da59a7d0"), outcome_text("NO_SHOW"), outcome_text(" Connected ")
    ('left voicemail', 'no show', 'connected')
    """
    text = cell.strip().lower()
    return HUBSPOT_DISPOSITIONS.get(text, text.replace("_", " "))
