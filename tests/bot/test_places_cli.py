"""`wardbot places load`, run as the council's IT would run it, then read in chat."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from storage.plans import BUNDLED_PLAN
from tests.bot.test_cli import wardbot

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url}


@pytest.mark.slow
def test_a_street_list_with_bad_rows_loads_nothing_then_the_good_rows_with_partial(
    env: dict[str, str], tmp_path: Path
) -> None:
    sample = str(DATA / "places_sample.csv")
    refused = wardbot("places", "load", sample, env=env)
    assert refused.returncode == 1, refused.stderr
    assert "unknown ward 'Sheffield Central'" in refused.stderr
    assert "no name" in refused.stderr and "no ward" in refused.stderr
    assert "Columns not loaded: USRN" in refused.stderr
    assert "Nothing was loaded: 3 of 30 rows have problems" in refused.stdout
    before = wardbot("chat", env=env, stdin="log litter pick on Kestrel Rise, 6 volunteers\n")
    assert "Which ward is this for?" in before.stdout

    loaded = wardbot("places", "load", sample, "--partial", env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded 27 places from places_sample.csv; 3 rows were left out." in loaded.stdout
    assert "Millstone Lane" in loaded.stderr and "more than one ward" in loaded.stderr
    script = (
        "log litter pick on Kestrel Rise, 6 volunteers\n"
        "log hedge cut back along Millstone Lane\n"
        "log coffee morning at Wren Close, 14 came\n"
    )
    chat = wardbot("chat", env=env, stdin=script)
    assert chat.returncode == 0, chat.stderr
    assert "Logged for Wath" in chat.stdout  # Kestrel Rise
    assert "Kestrel Rise (street)" in chat.stdout  # the place it was read from
    assert "'Millstone Lane' is in more than one ward" in chat.stdout  # a question
    assert "Logged for Bramley and Ravenfield" in chat.stdout  # "Bramley & Ravenfield"

    smaller = tmp_path / "streets.csv"
    smaller.write_text("name,ward\nLarkspur Close,Wath\n")
    again = wardbot("places", "load", str(smaller), env=env)
    assert again.returncode == 0, again.stderr
    assert "Loaded 1 place from streets.csv; the 27 loaded before are replaced." in again.stdout
    after = wardbot("chat", env=env, stdin="log litter pick on Kestrel Rise, 6 volunteers\n")
    assert "Which ward is this for?" in after.stdout


@pytest.mark.slow
def test_columns_named_otherwise_are_mapped(env: dict[str, str], tmp_path: Path) -> None:
    export = tmp_path / "llpg.csv"
    export.write_text(
        "USRN,Street Descriptor,Town Name,Electoral Ward\n"
        "7001,Gannow Close,Thurcroft,E05013014\n"  # a ward given by its ONS code
        "7002,Peddlers Way,Aughton,aughton and swallownest\n"
    )
    unmapped = wardbot("places", "load", str(export), "--map", "ward=Ward", env=env)
    assert unmapped.returncode == 2
    assert "names a column 'Ward' that isn't in the file" in unmapped.stderr
    loaded = wardbot("places", "load", str(export), "--map", "ward=Electoral Ward", env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded 2 places" in loaded.stdout
    chat = wardbot("chat", env=env, stdin="log new bin on gannow close\n")
    assert "Logged for Thurcroft and Wickersley South" in chat.stdout


@pytest.mark.slow  # a wardbot process or several: the slow pass
def test_the_postcode_directory_keeps_this_councils_live_postcodes(env: dict[str, str]) -> None:
    loaded = wardbot("places", "load", "--postcodes", str(DATA / "onspd_sample.csv"), env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded 21 postcodes from onspd_sample.csv." in loaded.stdout
    assert "5 rows left out: in other councils' wards" in loaded.stderr
    assert "2 rows left out: terminated" in loaded.stderr
    script = "log bulky waste day at s609za, 12 residents came\nlog skip day at S65 9ZE\n"
    chat = wardbot("chat", env=env, stdin=script)
    assert chat.returncode == 0, chat.stderr
    assert "Logged for Boston Castle" in chat.stdout
    assert "postcode 'S60 9ZA'" in chat.stdout
    assert "Which ward is this for?" in chat.stdout  # S65 9ZE is terminated: not loaded


@pytest.mark.slow  # a wardbot process or several: the slow pass
def test_a_file_that_is_not_a_places_file_is_refused_politely(
    env: dict[str, str], tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("date,text\n2025-01-01,hello\n")
    done = wardbot("places", "load", str(wrong), env=env)
    assert done.returncode == 2
    assert "The file has no name or ward column" in done.stderr
    postcodes = wardbot("places", "load", "--postcodes", str(wrong), env=env)
    assert postcodes.returncode == 2 and "no pcds column" in postcodes.stderr
    assert "Traceback" not in done.stderr + postcodes.stderr


@pytest.mark.slow
def test_loaded_and_learned_places_export_and_load_again(
    env: dict[str, str], tmp_path: Path
) -> None:
    wardbot("places", "load", str(DATA / "places_sample.csv"), "--partial", env=env)
    taught = wardbot("chat", env=env, stdin="places confirm Brecks Lane Wickersley North\n")
    assert "Confirmed: 'Brecks Lane' is in Wickersley North" in taught.stdout
    out = tmp_path / "places.csv"
    done = wardbot("places", "export", "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert "Exported 28 places" in done.stdout
    lines = out.read_text().splitlines()
    assert lines[0] == "name,ward,locality,kind,source,learned"
    assert "Kestrel Rise,Wath,Wath upon Dearne,street,council," in lines
    assert any(
        line.startswith("Brecks Lane,Wickersley North,,,learned,confirmed ") for line in lines
    )
    again = wardbot("places", "load", str(out), env=env)
    assert again.returncode == 0, again.stderr
    assert (
        "Loaded 28 places" in again.stdout and "Columns not loaded: source, learned" in again.stderr
    )


@pytest.mark.slow  # a wardbot process or several: the slow pass
def test_a_digest_from_the_command_line_takes_a_neighbourhood(
    env: dict[str, str], tmp_path: Path
) -> None:
    plan = yaml.safe_load(BUNDLED_PLAN.read_text(encoding="utf-8"))
    plan["neighbourhoods"] = [{"slug": "south-east", "name": "South East", "wards": ["sitwell"]}]
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False), encoding="utf-8")
    env = {**env, "WARD_PLAN": str(path)}
    chat = wardbot("chat", env=env, stdin="log Sitwell: litter pick, 9 volunteers\n")
    assert "Logged for Sitwell" in chat.stdout, chat.stdout + chat.stderr
    shown = wardbot("digest", "preview", "--ward", "south east", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "South East digest" in shown.stdout
    unknown = wardbot("digest", "preview", "--ward", "North Pole", env=env)
    assert unknown.returncode == 2 and "Neighbourhoods and areas: South East" in unknown.stderr
