"""Normalise the keys that join one person across files: LinkedIn URLs, emails, names.

Matching order (see :meth:`refgraph.store.people._People.match`): normalised LinkedIn URL, then
email, then a name that is unique in the store, compared case- and accent-insensitively.
"""
from __future__ import annotations

import functools

import re
import unicodedata
from urllib.parse import unquote, urlsplit

__all__ = ["normalise_url", "profile_url", "normalise_email", "normalise_domain", "name_key", "clean_name", "split_credentials"]

# Degrees and certifications seen after a comma in LinkedIn names. Only these are split off:
# "Hwang, MSPH" -> ("Hwang", "MSPH"); "Smith, Jr." or "Lee, Ann" are left alone.
CREDENTIALS = frozenset("""
MBA EMBA PHD DPHIL MD DO DDS DMD DVM JD LLM LLB MSPH MPH MSC MS MA MED MENG MFA MPA MPP MSW
BSC BS BA BENG BSN RN NP PA PE CPA CFA CFP CMA CIA CISA CISSP CISM PMP CSM CSPO SPHR PHR SHRM-CP
SHRM-SCP ACC PCC MCC CAIA FRM ACCA ACA CA CPHQ FACHE FACP FRCP ESQ PMI-ACP SAFE ITIL CCNA CCNP
""".split())

_CRED_TOKEN = re.compile(r"[A-Za-z][A-Za-z.\-]*")


_SIMPLE_URL = re.compile(r"(?:https?://)?(?:www\.)?linkedin\.com(/in/[a-z0-9_-]+)/?", re.IGNORECASE | re.ASCII)


def profile_url(key: str | None) -> str | None:
    """A profile URL to open (or click in a spreadsheet) from its join key (:func:`normalise_url`).

    >>> profile_url("linkedin.com/in/ümit-yilmaz-12ab")
    'https://www.linkedin.com/in/ümit-yilmaz-12ab'
    """
    return "https://www." + key if key else None


@functools.lru_cache(maxsize=1 << 16)
def normalise_url(url: str) -> str | None:
    """The join key of a LinkedIn profile URL, or ``None`` if *url* is not a profile URL.

    Percent-decodes, lower-cases, drops scheme, ``www.``/locale hosts, query, fragment and the
    trailing slash, so every spelling of one profile gives one key.

    >>> normalise_url("https://www.linkedin.com/in/%C3%BCmit-yilmaz-12ab/?trk=x#top")
    'linkedin.com/in/ümit-yilmaz-12ab'
    >>> normalise_url("www.linkedin.com/in/Ric-Schulz-336885")
    'linkedin.com/in/ric-schulz-336885'
    >>> normalise_url("http://uk.linkedin.com/in/ümit-yilmaz-12ab/")
    'linkedin.com/in/ümit-yilmaz-12ab'
    >>> normalise_url("https://[www.linkedin.com/in/ann-lee") is None   # unreadable: no URL, never an error
    True
    """
    url = (url or "").strip()
    if not url:
        return None
    simple = _SIMPLE_URL.fullmatch(url)
    if simple:   # the usual spelling: what the general steps below give, without parsing
        return "linkedin.com" + simple[1].lower()
    if "://" not in url:
        url = "https://" + url.lstrip("/")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:   # "https://[www.linkedin.com/…": no URL can be read from it
        return None
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    path = unicodedata.normalize("NFC", unquote(parts.path)).lower().rstrip("/")
    path = re.sub(r"/+", "/", path)
    if not path or path == "/":
        return None
    return "linkedin.com" + path


@functools.lru_cache(maxsize=1 << 16)
def normalise_email(email: str) -> str | None:
    """Lower-cased address without ``mailto:`` and spaces, or ``None`` when it is not one.

    >>> normalise_email(" MAILTO:Ann.Lee@Contoso.Example ")
    'ann.lee@contoso.example'
    """
    email = (email or "").strip()
    if email.lower().startswith("mailto:"):
        email = email[7:]
    email = email.strip().strip("<>").lower()
    if "@" not in email or " " in email or email.startswith("@") or email.endswith("@"):
        return None
    return email


# a host name: labels of letters, digits and inner hyphens, joined by dots, ending in a top-level
# domain of letters (or an IDNA "xn--" one); Unicode letters too (münchen.example)
_HOST = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})")


def normalise_domain(text: str) -> str | None:
    """The web domain a cell or a query names, or ``None`` when it names none ("n/a", "-", "TBD").

    >>> normalise_domain("https://www.Fabrikam.example/about")
    'fabrikam.example'
    >>> normalise_domain("sales@contoso.example"), normalise_domain("n/a")
    ('contoso.example', None)
    """
    text = unicodedata.normalize("NFC", (text or "").strip().lower())
    if "://" in text:
        text = text.split("://", 1)[1]
    text = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].split("@")[-1].split(":", 1)[0].rstrip(".")
    if text.startswith("www."):
        text = text[4:]
    return text if len(text) <= 253 and _HOST.fullmatch(text) else None


@functools.lru_cache(maxsize=1 << 16)
def clean_name(text: str) -> str:
    """The name as written, made displayable: NFKC (so "fancy" letters become plain, accents stay),
    whitespace collapsed.

    >>> clean_name("  𝐉𝐨𝐫𝐝𝐚𝐧   Ellis ")
    'Jordan Ellis'
    >>> clean_name("José Álvarez")
    'José Álvarez'
    """
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


# Letters that carry no combining accent in Unicode, compared as their base letters.
_BASE_LETTERS = str.maketrans({"ı": "i", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
                               "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th"})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", clean_name(text).translate(_BASE_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Case- and accent-insensitive key for comparing names.

    >>> name_key("José  ÁLVAREZ") == name_key("jose alvarez")
    True
    >>> name_key("Ümit Yılmaz"), name_key("Søren Łukasz")
    ('umit yilmaz', 'soren lukasz')
    """
    return " ".join(_fold(name).replace(".", " ").split())


def split_credentials(last_name: str) -> tuple[str, str]:
    """Split trailing credentials off a last name, only when every part is a known credential.

    >>> split_credentials("Hwang, MSPH")
    ('Hwang', 'MSPH')
    >>> split_credentials("Patel, MBA, PMP")
    ('Patel', 'MBA, PMP')
    >>> split_credentials("Smith, Jr.")
    ('Smith, Jr.', '')
    """
    text = clean_name(last_name)
    if "," not in text:
        return text, ""
    head, *tail = [p.strip() for p in text.split(",")]
    tokens = [t for t in tail if t]
    if head and tokens and all(_is_credential(t) for t in tokens):
        return head, ", ".join(tokens)
    return text, ""


def _is_credential(token: str) -> bool:
    words = token.split()
    return bool(words) and all(
        _CRED_TOKEN.fullmatch(w) and w.replace(".", "").upper() in CREDENTIALS for w in words)


@functools.lru_cache(maxsize=1 << 16)
def full_name(first: str, last: str) -> tuple[str, str]:
    """``(display name, credentials)`` from LinkedIn's First/Last Name cells.

    >>> full_name("Jiwoo ", "Hwang, MSPH")
    ('Jiwoo Hwang', 'MSPH')
    """
    first_clean = clean_name(first)
    last_clean, creds = split_credentials(last)
    if not last_clean and "," in first_clean:
        first_clean, creds = split_credentials(first_clean)
    return " ".join(p for p in (first_clean, last_clean) if p), creds


# Legal-form words dropped when comparing company names ("Fabrikam, Inc." = "Fabrikam").
LEGAL_SUFFIXES = frozenset("""
inc incorporated corp corporation co company ltd limited llc llp lp plc gmbh ag sa sas sarl bv nv
oy ab as aps kk pte pty srl spa se kg ohg ug
""".split())


@functools.lru_cache(maxsize=1 << 16)
def company_key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive company key without legal suffixes.

    >>> company_key("Fabrikam, Inc.") == company_key("FABRIKAM") == "fabrikam"
    True
    >>> company_key("Contoso Ltd.")
    'contoso'
    """
    text = _fold(name).replace("&", " and ")
    words = re.sub(r"[^\w]+", " ", text).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def name_from_address(email: str) -> str | None:
    """The name key an address like ``first.last@…`` spells, or ``None`` when it spells no name.

    >>> name_from_address("hugo.zhou@graphicdesigninstitute.example"), name_from_address("sales@x.example")
    ('hugo zhou', None)
    """
    local = email.split("@", 1)[0]
    parts = [p for p in re.split(r"[._-]+", local) if p]
    if len(parts) < 2 or not all(p.isalpha() and len(p) > 1 for p in parts):
        return None
    return " ".join(parts).casefold()
