"""Which ward a post is about, from the ward names and places it mentions.

The plan's gazetteer lists each ward's villages, estates, parks, streets, schools and
landmarks. A post may name several; the rule is to be sure or to ask:

- a ward named outright ("Maltby East: ...", "in Keppel ward") settles it;
- otherwise the places must agree: "Laburnum Parade, Maltby" is Hellaby and Maltby West
  because the parade is only there, though Maltby is split between two wards;
- a bare name shared by two wards ("Wickersley"), places that disagree, or only a street
  name found in every town ("Church Street") is a question, with the wards as choices;
- a street name found in every town never outvotes the village a post names ("Station
  Road, Treeton"); places named together ("Aston cum Aughton") do not narrow each other;
  a parish or town council's place ("Maltby TC") is its whole parish.

The council's own file (docs/places.md) joins the plan's gazetteer: it decides the wards
of the streets it lists, but does not join up a village the plan says is split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import pairwise

from handlers.domain import NO_READING_WORDS, KnownPlace, ReadingWords, Ward
from handlers.reading.vocabulary import vocabulary
from handlers.reading.words import Token, tokens

# The general word lists are in vocabulary.yaml (places:): spellings of the same word in
# addresses, reduced to one form on both sides ...
_PLACE_WORDS = vocabulary().places
ADDRESS_FORMS = _PLACE_WORDS.address_forms
# ... street names found in most towns: a hint, never enough on their own ...
GENERIC = _PLACE_WORDS.common_streets
ROAD_WORDS = _PLACE_WORDS.road_words
ROADS_NAMED_AFTER = _PLACE_WORDS.roads_named_after
# A compass word before a name makes it another place: "North Wales" is not Wales ward.
COMPASS = _PLACE_WORDS.compass
# The last word of a street's name ("view", "close", "road"): an LLPG lists a street once
# for every ward it runs through, which it does not do for a village or an estate.
STREET_NOUNS = frozenset(ADDRESS_FORMS.get(w, w) for w in vocabulary().street_nouns)
# Words that never start a street's name ("on", "the", "new"), in vocabulary.yaml.
FUNCTION_WORDS = vocabulary().function_words
# A name made only of such nouns ("Church Lane", "The Square"), as a full street gazetteer
# has many, is found in many towns: it never outvotes the village a post names. Alone or
# after "the" ("the square", "green") it is everyday English: a place only with a capital.
PLAIN_NOUNS = (
    STREET_NOUNS
    | ROAD_WORDS
    | frozenset(ADDRESS_FORMS.get(w, w) for w in vocabulary().themes.place_nouns)
    | frozenset(ADDRESS_FORMS.get(w, w) for w in _PLACE_WORDS.plain_place_nouns)
)

EXPLICIT, NAMED, SPECIFIC, AREA, HINT = 10, 5, 3, 2, 1
# Which list wins for a name several give: the council's file over the plan's gazetteer,
# and what people taught (answers, an admin's confirmation) over both.
AUTHORITY = {"plan": 0, "council": 1, "learned": 2}
# Nouns a council's file puts at the end of a building's or site's name that people leave
# off ("Heighton View Community Centre" is "Heighton View"). Never a road word: "Doncaster
# Road" is not "Doncaster".
FACILITY_NOUNS = {
    tuple(ADDRESS_FORMS.get(w, w) for w in phrase.split()) for phrase in _PLACE_WORDS.facility_nouns
}
FACILITY_LONGEST = max(len(k) for k in FACILITY_NOUNS)
# A word after a name without its facility noun that makes it another building: "St James
# Rooms" or "Heighton View surgery" is not St James' Church or the community centre.
BUILDING_WORDS = (
    frozenset(k[0] for k in FACILITY_NOUNS)
    | STREET_NOUNS
    | frozenset(ADDRESS_FORMS.get(w, w) for w in vocabulary().themes.place_nouns)
)
# "Aston cum Aughton", "Rawmarsh & Parkgate": two places named together, both meant.
JOINING = _PLACE_WORDS.joining_words
# "Maltby TC", "Wickersley PC": a parish or town council, speaking for its whole parish.
COUNCIL_OF = {tuple(phrase.split()) for phrase in _PLACE_WORDS.council_of}
COUNCIL_LONGEST = max(len(k) for k in COUNCIL_OF)
# A postcode as people write it ("S65 1NH", "s651nh"): as sure as a ward's name.
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b", re.I)


@dataclass(frozen=True, slots=True)
class PlaceHit:
    name: str  # as the plan writes it
    wards: tuple[Ward, ...]
    weight: int  # how much it says about the ward: EXPLICIT ... HINT
    is_ward_name: bool
    start: int
    end: int
    kind: str = ""  # street, park, school, postcode, learned ...
    # A name found in many towns ("Station Road", "Main Street", "Worksop Road"): even when
    # the council's file puts it in one ward, a village the post names says which one.
    common: bool = False
    # Places named together ("Aston cum Aughton") share a group: the post means all of them.
    group: int = 0
    # The name of a parish or town council ("Maltby TC"): all of the place, in every ward.
    whole: bool = False


@dataclass(frozen=True, slots=True)
class WardGuess:
    ward: Ward | None
    reason: str = ""
    candidates: tuple[Ward, ...] = ()  # when it is a question
    hits: tuple[PlaceHit, ...] = ()
    place: PlaceHit | None = None  # the place that decided the ward


@dataclass(slots=True)
class _Entry:
    name: str
    wards: list[Ward]
    is_ward_name: bool
    kind: str = ""
    # From the council's own file (or taught by people): it lists a street once for every
    # ward it runs through, so a common street name it puts in one ward is that ward's.
    complete: bool = False
    is_alias: bool = False  # the name without its facility noun ("Heighton View")


def _without_facility(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """The name without a facility noun at its end, when two or more words remain."""
    for size in range(FACILITY_LONGEST, 0, -1):
        if len(key) - size >= 2 and key[-size:] in FACILITY_NOUNS:
            return key[:-size]
    return None


def place_key(name: str) -> tuple[str, ...]:
    return tuple(ADDRESS_FORMS.get(t.text, t.text) for t in tokens(name))


class Gazetteer:
    """The plan's places, and the council's own (street list, postcodes, learned places)
    when loaded: all held in memory, looked up by word sequence, never scanned."""

    def __init__(
        self,
        wards: tuple[Ward, ...],
        places: Iterable[KnownPlace] = (),
        *,
        words: ReadingWords = NO_READING_WORDS,
    ) -> None:
        # The council's own words, from its plan (`reading:`). Roads named after a town run
        # for miles, through many wards: "Worksop Road" is a hint ...
        self._towns = {" ".join(place_key(t)) for t in words.towns_roads_are_named_for}
        # ... and places that are also everyday words ("broom") are only taken when written
        # with a capital letter.
        self._everyday = {" ".join(place_key(w)) for w in words.place_names_that_are_everyday_words}
        self._entries: dict[tuple[str, ...], _Entry] = {}
        self._postcodes: dict[str, list[Ward]] = {}
        for ward in wards:
            for name in (ward.name, *ward.aliases):
                self._add(name, ward, is_ward_name=True)
        for ward in wards:
            # A ward named for two places is often written by one of them: "Maltby West" for
            # Hellaby and Maltby West. A part of two or more words names the ward, when it is
            # no other ward's name or part.
            for part in _parts(ward.name):
                if (
                    len(place_key(part)) > 1
                    and place_key(part) not in self._entries
                    and sum(part in _parts(w.name) for w in wards) == 1
                ):
                    self._add(part, ward, is_ward_name=True)
        # Names the plan qualifies by their village, with each village's ward.
        self._qualified: dict[tuple[str, ...], list[Ward]] = {}
        for ward in wards:
            for name in ward.places:
                self._add(name, ward, is_ward_name=False)
                building, comma, village = name.partition(",")
                if comma:  # "All Saints' Church, Aston" is also "All Saints church in Aston"
                    self._add(f"{building} in {village}", ward, is_ward_name=False, shown=name)
                    found = self._qualified.setdefault(place_key(building), [])
                    if ward not in found:
                        found.append(ward)
        by_slug = {w.slug: w for w in wards}
        owner: dict[tuple[str, ...], int] = {}
        # What the plan's gazetteer said of a name before the council's file spoke of it.
        planned: dict[tuple[str, ...], tuple[Ward, ...]] = {}
        kinds: dict[tuple[str, ...], str] = {}
        shorter: list[tuple[tuple[str, ...], KnownPlace]] = []
        for place in sorted(places, key=lambda p: AUTHORITY.get(p.source, 0)):
            home = by_slug.get(place.ward_slug)
            if home is None:
                continue  # a ward no longer in the plan
            if place.source == "postcode":
                found = self._postcodes.setdefault(place.name.upper(), [])
                if home not in found:
                    found.append(home)
                continue
            key = place_key(place.name)
            rank = AUTHORITY.get(place.source, 0)
            entry = self._entries.get(key)
            # The council's own file, then what people taught, is the authority for every
            # name it lists: that name's wards come from it, not from a gazetteer gathered
            # from public pages. A ward's own name stays as the plan has it.
            if entry is not None and not entry.is_ward_name and owner.get(key, 0) < rank:
                if owner.get(key, 0) == 0 and place.source == "council":
                    planned[key] = tuple(entry.wards)
                else:
                    planned.pop(key, None)  # what people taught is not second-guessed
                entry.wards.clear()
                entry.name, entry.kind = place.name, place.kind
            owner[key] = max(owner.get(key, 0), rank)
            kinds[key] = kinds.get(key) or place.kind
            self._add(place.name, home, is_ward_name=False, kind=place.kind, complete=rank > 0)
            short = _without_facility(key) if place.source == "council" else None
            if short:
                shorter.append((short, place))
        for key, plan_wards in planned.items():
            self._reconcile(self._entries[key], plan_wards, street=_street_like(key, kinds[key]))
        for key, entry in self._entries.items():
            elsewhere = self._qualified.get(key)
            if elsewhere and owner.get(key, 0) == AUTHORITY["council"]:
                # The plan writes "All Saints' Church, Aston": a name it qualifies by its
                # village is found in more than one, so the file's one row is not all of them.
                entry.wards += [w for w in elsewhere if w not in entry.wards]
        for short, place in shorter:
            # "Heighton View Community Centre" is written "Heighton View": the name without
            # its facility noun, when nothing else is called that.
            entry = self._entries.get(short)
            if entry is None or entry.is_alias:
                alias = self._entries.setdefault(
                    short, _Entry(place.name, [], False, place.kind, True, True)
                )
                full = self._entries[place_key(place.name)]
                alias.wards += [w for w in full.wards if w not in alias.wards]
        self._longest = max((len(k) for k in self._entries), default=1)

    @staticmethod
    def _reconcile(entry: _Entry, plan_wards: tuple[Ward, ...], *, street: bool) -> None:
        """The council's file and the plan's gazetteer on one name. The file wins where it
        knows more: more wards, or fewer for a street (an LLPG lists a street once for
        every ward it runs through). But a village, estate or town centre the plan lists
        in several wards is split: a file naming one of them does not join it back up.
        Where the two disagree outright, the name is in both sources' wards, and a post
        naming only it is asked about."""
        listed = {w.slug for w in entry.wards}
        planned = {w.slug for w in plan_wards}
        if listed >= planned or (street and listed < planned):
            return
        entry.wards += [w for w in plan_wards if w.slug not in listed]

    def _add(
        self,
        name: str,
        ward: Ward,
        *,
        is_ward_name: bool,
        shown: str = "",
        kind: str = "",
        complete: bool = False,
    ) -> None:
        key = place_key(name)
        if not key:
            return
        entry = self._entries.setdefault(key, _Entry(shown or name, [], is_ward_name, kind))
        entry.is_ward_name = entry.is_ward_name or is_ward_name
        entry.kind = entry.kind or kind
        entry.complete = entry.complete or complete
        if all(w.slug != ward.slug for w in entry.wards):
            entry.wards.append(ward)

    def find(self, text: str, found: list[Token] | None = None) -> list[PlaceHit]:
        """Every place named, longest first at each point ("Maltby East", not "Maltby")."""
        found = tokens(text) if found is None else found
        keys = [ADDRESS_FORMS.get(t.text, t.text) for t in found]
        hits: list[PlaceHit] = []
        roads: dict[int, int] = {}  # a hit naming a road called after it: where the road ends
        i = 0
        while i < len(found):
            for size in range(min(self._longest, len(found) - i), 0, -1):
                key = tuple(keys[i : i + size])
                entry = self._entries.get(key)
                if entry is None:
                    continue
                start, end = found[i].start, found[i + size - 1].end
                if _broken(text, found[i : i + size], entry.name):
                    continue  # "Masbrough - St Paul's" is not Masbrough Street
                everyday = " ".join(key) in self._everyday or (
                    _everyday_english(key) and not entry.is_ward_name
                )
                if everyday and not text[start].isupper():
                    continue
                if i > 0 and keys[i - 1] in COMPASS and entry.is_ward_name:
                    continue  # "North Wales", "West Yorkshire": somewhere else
                if self._longer_name(text, found, keys, i=i, key=key, hits=hits):
                    continue  # "Doe Quarry Lane" is not Quarry Lane
                after = keys[i + size] if i + size < len(keys) else ""
                if entry.is_alias and after in BUILDING_WORDS:
                    continue  # "St James Rooms" is not St James' Church
                joined = bool(hits) and _joins(text[hits[-1].end : start])
                hits.append(
                    PlaceHit(
                        name=entry.name,
                        wards=tuple(entry.wards),
                        weight=self._weight(key, entry, text=text, span=(start, end), after=after),
                        is_ward_name=entry.is_ward_name,
                        start=start,
                        end=end,
                        kind="ward" if entry.is_ward_name else entry.kind,
                        common=self._common(key) or (_plain(key) and not entry.is_ward_name),
                        group=hits[-1].group if joined else len(hits),
                        whole=i + size < len(found)
                        and not text[end : found[i + size].start].strip()
                        and any(
                            tuple(keys[i + size : i + size + n]) in COUNCIL_OF
                            for n in range(1, COUNCIL_LONGEST + 1)
                        ),
                    )
                )
                if after in ROADS_NAMED_AFTER and not _street_like(key, entry.kind):
                    roads[len(hits) - 1] = found[i + size].end
                i += size
                break
            else:
                i += 1
        hits = _roads_in_an_address(text, hits, roads)
        if self._postcodes:
            hits += self._postcode_hits(text)
        return hits

    @staticmethod
    def _longer_name(
        text: str,
        found: list[Token],
        keys: list[str],
        *,
        i: int,
        key: tuple[str, ...],
        hits: list[PlaceHit],
    ) -> bool:
        """Whether a street's name is the end of a longer one: a capitalised word just
        before it, mid-sentence, that is neither a place already read nor a plain word
        ("for Doe Quarry Lane" is another street than Quarry Lane)."""
        if i == 0 or len(key) < 2 or key[-1] not in STREET_NOUNS:
            return False
        before = found[i - 1]
        sentence = text[: before.start].rstrip()
        return (
            text[before.start].isupper()
            and not text[before.end : found[i].start].strip()
            and bool(sentence)
            and sentence[-1] not in ".!?:;-–"
            and keys[i - 1] not in FUNCTION_WORDS
            and not (hits and hits[-1].end == before.end)
        )

    def _postcode_hits(self, text: str) -> list[PlaceHit]:
        hits = []
        for match in POSTCODE.finditer(text):
            postcode = f"{match.group(1)} {match.group(2)}".upper()
            wards = self._postcodes.get(postcode)
            if wards:
                hits.append(
                    PlaceHit(
                        name=postcode,
                        wards=tuple(wards),
                        weight=NAMED,
                        is_ward_name=False,
                        start=match.start(),
                        end=match.end(),
                        kind="postcode",
                    )
                )
        return hits

    def _weight(
        self, key: tuple[str, ...], entry: _Entry, *, text: str, span: tuple[int, int], after: str
    ) -> int:
        if entry.is_ward_name and len(entry.wards) == 1:
            # "Keppel ward", "Wath: ..." as a heading, or a two-word ward name ("Maltby East").
            heading = not text[: span[0]].strip() and text[span[1] :].lstrip().startswith(":")
            if after == "ward" or heading:
                return EXPLICIT
            if len(key) > 1:
                return NAMED
        if entry.complete and len(entry.wards) == 1:
            return SPECIFIC if len(key) > 1 else AREA
        if self._common(key):
            return HINT
        return SPECIFIC if len(key) > 1 else AREA

    def _common(self, key: tuple[str, ...]) -> bool:
        """A street name found in most towns, or a road named after a town."""
        return " ".join(key) in GENERIC or (
            len(key) >= 2 and key[-1] in ROAD_WORDS and " ".join(key[:-1]) in self._towns
        )

    def ward_of(self, text: str, found: list[Token] | None = None) -> WardGuess:
        hits = self.find(text, found)
        if not hits:
            return WardGuess(None)
        return _decide(tuple(hits))


_ADDRESS_GAP = re.compile(r"\s*(?:,|\bin\b|[-–])?\s*", re.I)


def _roads_in_an_address(text: str, hits: list[PlaceHit], roads: dict[int, int]) -> list[PlaceHit]:
    """ "wentworth way dinnington", "Kiveton Lane, Todwick", "Kiveton Lane in Todwick": a
    place's name then a road word names a road called after it, and the place named next
    says where that road is, so the road does not outvote it (it is a street name found in
    many places). Alone, or told apart from the next place, the name still counts."""
    out = list(hits)
    for index, road_end in roads.items():
        if index + 1 < len(hits) and _ADDRESS_GAP.fullmatch(text[road_end : hits[index + 1].start]):
            out[index] = replace(hits[index], common=True)
    return out


# Between two words of one name: never a spaced dash, a slash, brackets or a colon, and a
# comma only where the name has one ("All Saints' Church, Aston").
_BREAK = re.compile(r"[/()\[\];:|!?]|\s[-–—]|[-–—]\s")


def _broken(text: str, words: list[Token], name: str) -> bool:
    """Whether punctuation between the words found splits them into two names: "Masbrough
    - St Paul's" names Masbrough and St Paul's, not Masbrough Street."""
    for before, after in pairwise(words):
        gap = text[before.end : after.start]
        if _BREAK.search(gap) or ("," in gap and "," not in name):
            return True
    return False


def _joins(gap: str) -> bool:
    """Whether the text between two place names names both ("Aston cum Aughton")."""
    words = gap.replace("&", " and ").split()
    return len(words) == 1 and words[0].lower() in JOINING


def _decide(hits: tuple[PlaceHit, ...]) -> WardGuess:
    strongest = max(h.weight for h in hits)
    if strongest >= NAMED:
        named = [h for h in hits if h.weight >= NAMED]
        wards = _unique(w for h in named for w in h.wards)
        if len(wards) == 1:
            how = "postcode" if named[0].kind == "postcode" else "named as"
            return WardGuess(
                wards[0], f"{how} '{named[0].name}'", hits=hits, place=_place_of(named[0])
            )
        return WardGuess(None, _listing("the post names", named), tuple(wards), hits)
    councils = [h for h in hits if h.whole and len(h.wards) > 1]
    if councils:
        # "Maltby TC": a smaller place the post also names does not make it one ward's.
        wards = _unique(w for h in councils for w in h.wards)
        return WardGuess(
            None,
            f"the parish of the '{councils[0].name}' council is in more than one ward",
            tuple(wards),
            hits,
        )
    # Places must agree. Places named together ("Aston cum Aughton") are all meant, so
    # each group counts with every ward any of its places is in ...
    members: dict[int, list[PlaceHit]] = {}
    for hit in hits:
        members.setdefault(hit.group, []).append(hit)
    groups = {g: {w.slug for h in named for w in h.wards} for g, named in members.items()}
    common = set.intersection(*groups.values())
    if any(
        len(named) > 1 and not set.intersection(*({w.slug for w in h.wards} for h in named))
        for named in members.values()
    ):
        # ... but places in different wards named together ("Dinnington/Anston") are a post
        # about both: only stronger places elsewhere in it can make it one ward's.
        common = set()
    everywhere = _unique(w for h in hits for w in h.wards)
    if len(common) == 1 and strongest > HINT:
        ward = next(w for w in everywhere if w.slug in common)
        best = max(
            (h for h in hits if ward in h.wards),
            key=lambda h: (len(h.wards) == 1, h.weight, h.end - h.start),
        )
        return WardGuess(ward, f"from '{best.name}'{_kind(best)}", hits=hits, place=_place_of(best))
    if common:
        choices = tuple(w for w in everywhere if w.slug in common)
        if strongest == HINT:
            names = ", ".join(repr(n) for n in dict.fromkeys(h.name for h in hits))
            return WardGuess(None, f"{names} is a street name found in many places", choices, hits)
        shared = max(hits, key=lambda h: h.end - h.start)
        return WardGuess(None, f"'{shared.name}' is in more than one ward", choices, hits)
    # The places disagree. A name found in many towns does not outvote the rest: "Station
    # Road, Treeton" is Treeton's Station Road, wherever else the council's file has one.
    firm = tuple(h for h in hits if h.weight > HINT and not h.common)
    if firm and len(firm) < len(hits):
        return replace(_decide(firm), hits=hits)
    # Take a ward only when a specific place backs it and it clearly leads.
    scores: dict[str, int] = {}
    for hit in hits:
        for ward in hit.wards:
            scores[ward.slug] = scores.get(ward.slug, 0) + hit.weight
    ranked = sorted(everywhere, key=lambda w: -scores[w.slug])
    top, runner_up = scores[ranked[0].slug], scores[ranked[1].slug]
    backing = [h for h in hits if h.wards == (ranked[0],) and h.weight >= SPECIFIC]
    rival = any(h.weight >= SPECIFIC and ranked[0] not in h.wards for h in hits)
    if backing and not rival and top >= 2 * runner_up + 2:
        others = [h.name for h in hits if ranked[0] not in h.wards]
        also = f" (also mentions {', '.join(repr(o) for o in others[:2])})" if others else ""
        return WardGuess(
            ranked[0],
            f"from '{backing[0].name}'{_kind(backing[0])}{also}",
            hits=hits,
            place=_place_of(backing[0]),
        )
    return WardGuess(None, _listing("the post names places in", hits), tuple(ranked[:5]), hits)


def _plain(key: tuple[str, ...]) -> bool:
    """A name of plain nouns only, found in many towns: "Church Lane", "The Square"."""
    words = key[1:] if key[:1] == ("the",) else key
    return bool(words) and all(w in PLAIN_NOUNS for w in words)


def _everyday_english(key: tuple[str, ...]) -> bool:
    """A plain noun alone, or with "the": "the square", "green" are not names in lower case."""
    return _plain(key) and (len(key) == 1 or key[0] == "the")


def _parts(name: str) -> list[str]:
    """The places a ward is named for: "Hellaby and Maltby West" is Hellaby, Maltby West."""
    parts = re.split(r"\s+(?:and|&)\s+", name)
    return [p.strip() for p in parts] if len(parts) > 1 else []


def _street_like(key: tuple[str, ...], kind: str) -> bool:
    return kind == "street" or (not kind and key[-1] in STREET_NOUNS)


def _place_of(hit: PlaceHit) -> PlaceHit | None:
    return None if hit.is_ward_name else hit


def _kind(hit: PlaceHit) -> str:
    """ " (street)": what kind of place decided it, when the council's file says."""
    shown = {"community_centre": "community centre", "shop_centre": "shops"}
    return (
        f" ({shown.get(hit.kind, hit.kind).replace('_', ' ')})"
        if hit.kind and not hit.is_ward_name
        else ""
    )


def _unique(wards: Iterable[Ward]) -> list[Ward]:
    seen: dict[str, Ward] = {}
    for ward in wards:
        seen.setdefault(ward.slug, ward)
    return list(seen.values())


def _listing(prefix: str, hits: list[PlaceHit] | tuple[PlaceHit, ...]) -> str:
    names = list(dict.fromkeys(h.name for h in hits))
    return f"{prefix} {', '.join(repr(n) for n in names[:4])}"
