"""How a council's street file and the plan's gazetteer share a name, and what a name
found in many towns may decide: loading a file must not make a clear post a guess or a
question. An invented council, so nothing here is Rotherham's."""

from __future__ import annotations

from handlers.domain import KnownPlace, Ward
from handlers.reading.places import Gazetteer

NORTH = Ward(1, "northgate", "Northgate", places=("Oakley", "Pit Lane Estate", "Market Cross"))
SOUTH = Ward(
    2,
    "southmead",
    "Southmead",
    places=("Oakley", "Market Cross", "Bellbrook", "St Anne's Church, Bellbrook"),
)
EAST = Ward(
    3,
    "eastfield",
    "Eastfield",
    places=("Cobham", "St Anne's Church, Cobham", "Heron Way", "Cobham Green"),
)
WARDS = (NORTH, SOUTH, EAST)


def _council(*rows: tuple[str, str, str]) -> Gazetteer:
    """The plan's gazetteer with a council file's rows (name, ward slug, kind) loaded."""
    return Gazetteer(WARDS, [KnownPlace(n, w, kind=k) for n, w, k in rows])


def _ward(gazetteer: Gazetteer, text: str) -> str | None:
    guess = gazetteer.ward_of(text)
    return guess.ward.slug if guess.ward else None


def test_a_village_the_plan_splits_stays_a_question_when_the_file_names_one_ward() -> None:
    loaded = _council(("Oakley", "northgate", "village"), ("Market Cross", "southmead", "landmark"))
    for text in ("coffee morning in Oakley, 20 came", "patrol round Market Cross on Friday"):
        guess = loaded.ward_of(text)
        assert guess.ward is None, text
        assert {w.slug for w in guess.candidates} == {"northgate", "southmead"}, text


def test_a_street_the_file_puts_in_fewer_wards_than_the_plan_is_the_files() -> None:
    split_street = Ward(4, "westley", "Westley", places=("Quarry Lane",))
    plan = (*WARDS, Ward(5, "eastley", "Eastley", places=("Quarry Lane",)), split_street)
    loaded = Gazetteer(plan, [KnownPlace("Quarry Lane", "westley", kind="street")])
    assert _ward(loaded, "fly tip on Quarry Lane cleared") == "westley"


def test_a_file_that_contradicts_the_plan_makes_the_name_a_question() -> None:
    loaded = _council(("Pit Lane Estate", "eastfield", "estate"))
    guess = loaded.ward_of("walkabout on the Pit Lane estate w/ housing")
    assert guess.ward is None
    assert {w.slug for w in guess.candidates} == {"northgate", "eastfield"}


def test_a_place_only_the_file_knows_still_decides() -> None:
    loaded = _council(("Kestrel Close", "eastfield", "street"))
    assert _ward(loaded, "speedwatch on Kestrel Close, 30 over the limit") == "eastfield"


def test_a_common_street_name_does_not_outvote_the_village_the_post_names() -> None:
    # The file lists one Station Road and one Main Street; the post's is Bellbrook's.
    loaded = _council(
        ("Station Road", "eastfield", "street"),
        ("Main Street", "northgate", "street"),
        ("Main Street", "eastfield", "street"),
    )
    assert _ward(loaded, "grit bin wanted on Station Road Bellbrook") == "southmead"
    assert _ward(loaded, "Bellbrook - 9 houses off the main st, parish mtg thurs") == "southmead"
    # Alone, the file's only Station Road is still the file's.
    assert _ward(loaded, "grit bin wanted on Station Road") == "eastfield"


def test_a_name_the_plan_qualifies_by_village_is_not_made_unique_by_one_file_row() -> None:
    # The plan writes "St Anne's Church, Bellbrook" and "..., Cobham": there are several.
    loaded = _council(("St Anne's Church", "northgate", "church"))
    assert _ward(loaded, "Bellbrook - st annes church open day, 90 visitors") == "southmead"
    alone = loaded.ward_of("St Anne's Church open day, 90 visitors")
    assert alone.ward is None
    assert {w.slug for w in alone.candidates} == {"northgate", "southmead", "eastfield"}


def test_places_named_together_are_both_meant_not_one_inside_the_other() -> None:
    # Oakley is split; Bellbrook is only Southmead's. Together they name both wards' ground.
    plan = Gazetteer(WARDS)
    joined = plan.ward_of("Oakley cum Bellbrook gala cancelled, play areas open again")
    assert joined.ward is None
    assert {w.slug for w in joined.candidates} >= {"northgate", "southmead"}
    # Written as a street in a village, the village narrows it, as before.
    assert _ward(plan, "litter pick on Bellbrook, Oakley - 12 bags") == "southmead"


def test_places_in_two_wards_named_together_need_a_stronger_place_to_decide() -> None:
    plan = Gazetteer(WARDS)
    assert plan.ward_of("Cobham/Bellbrook houses objected to, letter in the paper").ward is None
    # Where the work was done, named twice in one ward, still decides.
    assert _ward(plan, "cobham & bellbrook pickers on Heron Way, Cobham Green: 17 bags") == (
        "eastfield"
    )


def test_a_parish_councils_place_covers_every_ward_of_the_parish() -> None:
    plan = Gazetteer(WARDS)
    guess = plan.ward_of("Oakley PC: residents asked about the sweeper round Bellbrook")
    assert guess.ward is None
    assert {w.slug for w in guess.candidates} == {"northgate", "southmead"}
    # Without the council, Bellbrook says which part of Oakley.
    assert _ward(plan, "sweeper missed Bellbrook, Oakley again") == "southmead"
    # A council in one ward's place is simply that ward's.
    assert _ward(plan, "Cobham parish council agreed £250 for the defib") == "eastfield"


def test_a_ward_named_for_two_places_is_written_by_one_of_them() -> None:
    plan = Gazetteer(
        (
            Ward(1, "hill-low-east", "Hillby and Lowton East", places=("Lowton",)),
            Ward(2, "lowton-west", "Lowton West", places=("Lowton",)),
            Ward(3, "marsh-north", "Marsh North"),
        )
    )
    assert _ward(plan, "Lowton East ward - tenants mtg on damp, 16 came") == "hill-low-east"
    assert _ward(plan, "Marsh Nth flu clinic at the pharmacy, 140 jabbed") == "marsh-north"
    assert plan.ward_of("coffee morning in Lowton, 12 came").ward is None  # still split


def test_a_longer_street_name_ending_in_a_known_one_is_another_street() -> None:
    plan = Gazetteer((Ward(1, "northgate", "Northgate", places=("Heron Lane", "Oakley")),))
    assert plan.ward_of("Traffic calming for Upper Heron Lane going to Cabinet").ward is None
    # A plain word, a place or the start of a sentence before it is no part of its name.
    assert _ward(plan, "traffic calming for Heron Lane going to Cabinet") == "northgate"
    assert _ward(plan, "Fly tip: Heron Lane cleared") == "northgate"
    assert _ward(plan, "Speedwatch Oakley Heron Lane, 30 over") == "northgate"


def test_a_street_named_with_plain_nouns_does_not_outvote_the_village() -> None:
    # A full street list has a Brook Lane or a School Road in many villages.
    loaded = _council(("Brook Lane", "eastfield", "street"), ("The Square", "northgate", "street"))
    assert _ward(loaded, "speed sign on Brook Lane coming into Bellbrook") == "southmead"
    assert _ward(loaded, "speed sign on Brook Lane, 40 over") == "eastfield"  # alone, the file's


def test_a_plain_noun_name_in_lower_case_is_everyday_english() -> None:
    loaded = _council(("The Square", "northgate", "street"))
    assert loaded.ward_of("met them at the square after the match, 12 came").ward is None
    assert _ward(loaded, "planters in on The Square, 12 vols") == "northgate"


def test_a_road_named_after_a_place_is_where_its_address_says() -> None:
    plan = Gazetteer(WARDS)
    # "Bellbrook Rd, Cobham": a road called after Bellbrook, in Cobham
    assert _ward(plan, "bins left out on bellbrook rd cobham again") == "eastfield"
    assert _ward(plan, "fly tip on Bellbrook Way, Cobham, reported") == "eastfield"
    assert _ward(plan, "speedwatch on Bellbrook Lane in Cobham, 6 vols") == "eastfield"
    # alone, or told apart from the next place, the name still counts as before
    assert _ward(plan, "street party on Bellbrook Rd, 40 came") == "southmead"
    assert plan.ward_of("Cobham coffee am, moans about the buses on Bellbrook Rd").ward is None


def test_a_name_without_its_facility_noun_followed_by_another_names_another_place() -> None:
    # "St Brides Church" in the file is also read as "St Brides"; but "St Brides Rooms" (or
    # "... Surgery", "... Club") is another building, which says nothing of the church's ward.
    loaded = _council(("St Brides Church", "eastfield", "church"))
    assert _ward(loaded, "coffee morning at St Brides, 12 came") == "eastfield"
    for text in (
        "Bellbrook folk night at the St Brides Rooms, 40 came",
        "Bellbrook: flu jabs at st brides surgery, 60 done",
        "Bellbrook quiz at St Brides club raised £200",
    ):
        assert _ward(loaded, text) == "southmead", text


def test_pk_is_park_in_a_place_name() -> None:
    # "Rd" is Road and "St" Street; "Pk" is Park: "heron valley pk" is Heron Valley Park,
    # not the Heron the name starts with.
    valley = Ward(4, "westley", "Westley", places=("Heron Valley Park",))
    heron = Ward(5, "eastley", "Eastley", places=("Heron",))
    heron_too = Ward(6, "northley", "Northley", places=("Heron",))
    gazetteer = Gazetteer((*WARDS, valley, heron, heron_too))
    assert _ward(gazetteer, "health walk round heron valley pk, 11 walkers") == "westley"


def test_a_name_is_not_read_across_a_dash_a_slash_or_a_comma_it_does_not_have() -> None:
    # "Cobham - St Anne's" names Cobham and St Anne's, not a "Cobham Street" in another ward;
    # the plan's own "St Anne's Church, Cobham" keeps its comma.
    loaded = _council(("Cobham Street", "northgate", "street"))
    assert _ward(loaded, "fly tip on Cobham Street cleared") == "northgate"
    for text in (
        "Cobham - St Anne's coffee morning, 20 came",
        "Cobham / St Anne's coffee morning, 20 came",
        "Cobham: St Anne's coffee morning, 20 came",
        "coffee morning at St Anne's Church, Cobham: 20 came",
    ):
        assert _ward(loaded, text) == "eastfield", text
