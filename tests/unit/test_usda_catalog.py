"""The shipped food catalog against its source: every shipped food's values and
portions equal its USDA SR row (tests/data/usda_sr_abbrev.txt), the committed data
file is exactly what the script derives, and energy agrees with 4/4/9 kcal per gram
of protein/carbohydrate/fat for every food except a listed set, each with its reason.

Energy rule: |kcal − (4·P + 4·C + 9·F)| ≤ max(10 kcal, 12 % of kcal), P/C/F in grams
per 100 g, C the source's carbohydrate by difference (fibre included)."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from dashboard_tui.nutrition.catalog import (
    ATTRIBUTION,
    data_text,
    food_id,
    search_key,
    search_words,
    shipped_foods,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "data" / "usda_sr_abbrev.txt"

# Why a food's energy is not 4/4/9 of its macros (USDA computes energy with specific
# factors per food, and some energy comes from what is not protein, carbohydrate or fat).
ALCOHOL = "alcohol (7 kcal/g) is energy outside the three macros"
ACETIC = "vinegar: acetic acid counted in carbohydrate by difference, energy differs"
CITRIC = "citrus: organic acids in carbohydrate by difference carry less energy"
CORN = "sweet corn: USDA's specific Atwater factors (carbohydrate 4.03, protein 2.73)"
BRAN = "bran/carob: fibre-rich, fibre counted at 4 kcal/g by 4/4/9"
SPICE = "dried spice or herb: fibre-rich, low specific factors"
DRIED = "dried vegetable or fungus: fibre-rich, low specific factors"
SPROUTED = "sprouted seed: specific factors, fibre not measured"
LECITHIN = "lecithin: phospholipid 'fat' carries less than 9 kcal/g"
FACTORS = "USDA's specific Atwater factors for this food (leaves, pods, pastes, isolates)"

ENERGY_EXCEPTIONS = {
    "01163": ALCOHOL,  # Cheese fondue: 229 vs 193
    "02001": SPICE,  # Allspice, ground: 263 vs 391
    "02002": SPICE,  # Anise seed: 337 vs 414
    "02003": SPICE,  # Spices, basil, dried: 251 vs 337
    "02004": SPICE,  # Spices, bay leaf: 313 vs 406
    "02005": SPICE,  # Caraway seed: 333 vs 410
    "02006": SPICE,  # Spices, cardamom: 311 vs 377
    "02007": SPICE,  # Celery seed: 392 vs 465
    "02008": SPICE,  # Chervil, dried: 237 vs 324
    "02009": SPICE,  # Chili powder: 314 vs 419
    "02010": SPICE,  # Cinnamon, ground: 247 vs 349
    "02011": SPICE,  # Cloves, ground: 323 vs 449
    "02012": SPICE,  # Coriander leaf, dried: 279 vs 339
    "02013": SPICE,  # Coriander seed: 298 vs 429
    "02014": SPICE,  # Cumin seed: 375 vs 449
    "02015": SPICE,  # Curry powder: 325 vs 408
    "02016": SPICE,  # Dill seed: 305 vs 415
    "02017": SPICE,  # Dill weed, dried: 253 vs 342
    "02018": SPICE,  # Fennel seed: 345 vs 406
    "02019": SPICE,  # Fenugreek seed: 323 vs 383
    "02023": SPICE,  # Marjoram, dried: 271 vs 356
    "02027": SPICE,  # Spices, oregano, dried: 306 vs 394
    "02028": SPICE,  # Paprika: 289 vs 399
    "02029": SPICE,  # Parsley, dried: 276 vs 336
    "02030": SPICE,  # Pepper, black: 255 vs 332
    "02031": SPICE,  # Pepper, red or cayenne: 318 vs 430
    "02032": SPICE,  # Pepper, white: 296 vs 335
    "02034": SPICE,  # Poultry seasoning: 307 vs 368
    "02035": SPICE,  # Pumpkin pie spice: 342 vs 414
    "02036": SPICE,  # Rosemary, dried: 331 vs 413
    "02037": SPICE,  # Saffron: 310 vs 360
    "02038": SPICE,  # Sage, ground: 315 vs 400
    "02039": SPICE,  # Savory, ground: 272 vs 355
    "02041": SPICE,  # Spices, tarragon, dried: 295 vs 357
    "02042": SPICE,  # Spices, thyme, dried: 276 vs 359
    "02048": ACETIC,  # Vinegar, cider: 21 vs 4
    "02049": SPICE,  # Thyme, fresh: 101 vs 135
    "02050": ALCOHOL,  # Vanilla extract: 288 vs 51
    "02051": ALCOHOL,  # Vanilla extract, imitation, alcohol: 237 vs 10
    "02053": ACETIC,  # Vinegar, distilled: 18 vs 0
    "02054": SPICE,  # Capers, canned: 23 vs 37
    "02063": SPICE,  # Rosemary, fresh: 131 vs 149
    "02066": SPICE,  # Spearmint, dried: 285 vs 342
    "02068": ACETIC,  # Vinegar, red wine: 19 vs 1
    "02069": ACETIC,  # Vinegar, balsamic: 88 vs 70
    "04531": LECITHIN,  # Vegetable oil, soybean lecithin: 763 vs 900
    "09150": CITRIC,  # Lemons, raw, without peel: 29 vs 44
    "09151": CITRIC,  # Lemons, raw, with peel: 20 vs 50
    "09152": CITRIC,  # Lemon juice, raw: 25 vs 36
    "09156": CITRIC,  # Lemon peel, raw: 47 vs 73
    "09159": CITRIC,  # Limes, raw: 30 vs 47
    "09160": CITRIC,  # Lime juice, raw: 25 vs 36
    "09321": FACTORS,  # Sugar-apples, (sweetsop), raw: 94 vs 105
    "11022": FACTORS,  # Balsam-pear (bitter gourd), leafy tips, raw: 30 vs 41
    "11045": SPROUTED,  # Mung beans, mature seeds, sprouted, cooked, stir-fried: 50 vs 61
    "11046": SPROUTED,  # Beans, navy, mature seeds, sprouted, raw: 67 vs 83
    "11167": CORN,  # Corn, sweet, yellow, raw: 86 vs 100
    "11168": CORN,  # Corn, sweet, yellow, cooked, boiled, drained, without salt: 108 vs 125
    "11172": CORN,  # Corn, sweet, yellow, canned, whole kernel, drained solids: 81 vs 94
    "11174": CORN,  # Corn, sweet, yellow, canned, cream style, regular pack: 72 vs 83
    "11176": CORN,  # Corn, sweet, yellow, canned, vacuum pack, regular pack: 79 vs 92
    "11178": CORN,  # Corn, sweet, yellow, frozen, kernels cut off cob, unprepared: 88 vs 102
    "11179": CORN,  # Corn, sweet, yellow, frozen, kernels cut off cob, boiled, dr: 81 vs 93
    "11180": CORN,  # Corn, sweet, yellow, frozen, kernels on cob, unprepared: 98 vs 114
    "11181": CORN,  # Corn, sweet, yellow, frozen, kernels on cob, cooked, boiled,: 93 vs 108
    "11184": CORN,  # Corn with red and green peppers, canned, solids and liquids: 75 vs 87
    "11230": DRIED,  # Pepeao, dried: 298 vs 347
    "11231": FACTORS,  # Jute, potherb, raw: 34 vs 44
    "11237": DRIED,  # Kanpyo, (dried gourd strips): 258 vs 300
    "11248": SPROUTED,  # Lentils, sprouted, raw: 106 vs 129
    "11268": DRIED,  # Mushrooms, shiitake, dried: 296 vs 349
    "11316": SPROUTED,  # Peas, mature seeds, sprouted, raw: 124 vs 150
    "11403": FACTORS,  # Potatoes, French fried, all types, salt added in processed, : 134 vs 169
    "11453": SPROUTED,  # Soybeans, mature seeds, sprouted, cooked, steamed: 81 vs 100
    "11501": CORN,  # Succotash, (corn and limas), frozen, unprepared: 93 vs 105
    "11502": CORN,  # Succotash, (corn and limas), frozen, cooked, boiled, drained: 93 vs 105
    "11520": FACTORS,  # Taro leaves, raw: 42 vs 53
    "11546": FACTORS,  # Tomato products, canned, paste, without salt added: 82 vs 97
    "11615": DRIED,  # Chives, freeze-dried: 311 vs 373
    "11624": DRIED,  # Leeks, (bulb and lower-leaf portion), freeze-dried: 321 vs 378
    "11625": DRIED,  # Parsley, freeze-dried: 271 vs 342
    "11634": DRIED,  # Peppers, sweet, green, freeze-dried: 314 vs 373
    "11667": DRIED,  # Seaweed, spirulina, dried: 290 vs 395
    "11772": CORN,  # Corn, sweet, yellow, canned, cream style, no salt: 72 vs 83
    "11773": CORN,  # Corn, sweet, yellow, canned, vacuum pack, no salt: 79 vs 92
    "11900": CORN,  # Corn, sweet, white, raw: 86 vs 100
    "11901": CORN,  # Corn, sweet, white, cooked, boiled, drained, without salt: 108 vs 125
    "11905": CORN,  # Corn, sweet, white, canned, whole kernel, drained solids: 81 vs 94
    "11906": CORN,  # Corn, sweet, white, canned, cream style, regular pack: 72 vs 83
    "11907": CORN,  # Corn, sweet, white, canned, cream style, no salt: 72 vs 83
    "11908": CORN,  # Corn, sweet, white, canned, vacuum pack, regular pack: 79 vs 92
    "11909": CORN,  # Corn, sweet, white, canned, vacuum pack, no salt: 79 vs 92
    "11910": CORN,  # Corn, sweet, white, frozen, kernels cut off cob, unprepared: 88 vs 102
    "11911": CORN,  # Corn, sweet, white, frozen, kernels cut off cob, boiled, dra: 80 vs 93
    "11913": CORN,  # Corn, sweet, white, frozen, kernels on cob, unprepared: 98 vs 114
    "11914": CORN,  # Corn, sweet, white, frozen, kernels on cob, cooked, boiled, : 94 vs 108
    "11931": DRIED,  # Peppers, sweet, red, freeze-dried: 314 vs 373
    "11935": ACETIC,  # Catsup: 97 vs 110
    "11944": ACETIC,  # Pickle relish, hot dog: 91 vs 104
    "11945": ACETIC,  # Pickle relish, sweet: 130 vs 146
    "11948": ACETIC,  # Pickles, cucumber, sweet, low na (includes bread and butter : 122 vs 139
    "11949": ACETIC,  # Catsup, low sodium: 97 vs 110
    "11955": DRIED,  # Tomatoes, sun-dried: 258 vs 306
    "11956": DRIED,  # Tomatoes, sun-dried, packed in oil, drained: 213 vs 240
    "11958": ACETIC,  # Pickle relish, hamburger: 129 vs 145
    "11962": DRIED,  # Peppers, hot chile, sun-dried: 324 vs 374
    "11972": FACTORS,  # Lemon grass (citronella), raw: 99 vs 113
    "11973": FACTORS,  # Beans, fava, in pod, raw: 88 vs 109
    "11974": FACTORS,  # Grape leaves, raw: 93 vs 111
    "11975": FACTORS,  # Grape leaves, canned: 69 vs 82
    "11978": DRIED,  # Pepper, ancho, dried: 281 vs 327
    "11982": DRIED,  # Peppers, pasilla, dried: 345 vs 397
    "11985": FACTORS,  # Fireweed, leaves, raw: 103 vs 120
    "11988": DRIED,  # Fungi, cloud ears, dried: 284 vs 336
    "16006": FACTORS,  # Beans, baked, canned, plain or vegetarian: 94 vs 107
    "16055": BRAN,  # Carob flour: 222 vs 380
    "16422": FACTORS,  # Soy protein isolate, k type: 326 vs 368
    "20015": BRAN,  # Corn bran, crude: 224 vs 384
    "20033": BRAN,  # Oat bran, raw: 246 vs 397
    "20034": BRAN,  # Oat bran, cooked: 40 vs 66
    "20060": BRAN,  # Rice bran, crude: 316 vs 440
    "20077": BRAN,  # Wheat bran, crude: 216 vs 358
}


def source_rows() -> dict[str, list[str]]:
    rows = {}
    for line in SOURCE.read_text(encoding="latin-1").splitlines():
        if line:
            fields = [f.strip("~") for f in line.split("^")]
            rows[fields[0]] = fields
    return rows


def mg(field: str) -> int | None:
    return None if field == "" else int(Decimal(field) * 1000)


def test_the_source_is_the_whole_usda_table():
    rows = source_rows()
    assert len(rows) == 7413
    assert SOURCE.read_bytes().count(b"\r\n") == 7413  # kept byte for byte (CRLF)


def test_at_least_800_foods_with_unique_ids_names_and_portion_names():
    foods = shipped_foods()
    assert len(foods) >= 800
    assert len({f.ndb for f in foods}) == len(foods)
    assert len({f.name.lower() for f in foods}) == len(foods)
    assert len({food_id(f.ndb) for f in foods}) == len(foods)
    for f in foods:
        names = [p.name for p in f.portions]
        assert len(set(names)) == len(names) and f.portions, f.ndb
        assert f.name == f.name.strip() and f.name.isprintable() and len(f.name) <= 120
        assert search_words(f.name), f.ndb
        assert len(search_key(f.name)) <= 255
    assert data_text().splitlines()[0].startswith("# Source: " + ATTRIBUTION)


def test_every_shipped_food_equals_its_ndb_row():
    rows = source_rows()
    for f in shipped_foods():
        row = rows[f.ndb]
        assert f.kcal == int(row[3]), f.ndb
        assert (f.protein_mg, f.fat_mg, f.carbs_mg, f.fibre_mg) == (
            mg(row[4]),
            mg(row[5]),
            mg(row[7]),
            mg(row[8]),
        ), f.ndb
        measures = [(row[-5], " ".join(row[-4].split())), (row[-3], " ".join(row[-2].split()))]
        for p in f.portions:
            # the portion is one of the row's two measures: same grams, label from it
            source = [(g, d) for g, d in measures if p.label == f"{d} ({g} g)"]
            assert source, (f.ndb, p)
            grams, desc = source[0]
            assert p.grams == Decimal(grams) and desc.startswith("1 "), (f.ndb, p)  # ONE unit
            assert p.name in desc.lower() or p.name in {"tbsp", "tsp", "serving"}, (f.ndb, desc)


def test_not_measured_stays_not_measured():
    rows = source_rows()
    empty = [f for f in shipped_foods() if rows[f.ndb][8] == ""]
    assert empty, "the source has foods with no fibre measured among those shipped"
    assert all(f.fibre_mg is None for f in empty)


def test_brand_names_baby_food_and_restaurant_lines_are_not_shipped():
    rows = source_rows()
    for f in shipped_foods():
        short = rows[f.ndb][1]
        assert short == short.upper(), f.ndb  # brand lines are mixed case in SR
        for word in ("INFANT", "BABYFOOD", "FAST FOOD", "RESTAURANT", "'S ", "CMDTY"):
            assert word not in short, (f.ndb, short)


def test_readable_names():
    by_ndb = {f.ndb: f.name for f in shipped_foods()}
    assert by_ndb["01123"] == "Egg, whole, raw, fresh"
    for name in by_ndb.values():
        for abbreviation in ("CKD", "CND", "W/", "WO/", "WHL", "FRZ", "RSTD", "&"):
            assert abbreviation not in name, name


def test_energy_is_4_4_9_of_the_macros_but_for_the_listed_exceptions():
    exceptions = {}
    for f in shipped_foods():
        assert None not in (f.protein_mg, f.carbs_mg, f.fat_mg), f.ndb
        estimate = Decimal(4 * f.protein_mg + 4 * f.carbs_mg + 9 * f.fat_mg) / 1000
        if abs(f.kcal - estimate) > max(Decimal(10), Decimal(f.kcal) * Decimal("0.12")):
            exceptions[f.ndb] = f.name
    assert set(exceptions) == set(ENERGY_EXCEPTIONS)
    assert len(exceptions) < len(shipped_foods()) / 10


def _derive_module():
    spec = importlib.util.spec_from_file_location(
        "derive_usda_foods", ROOT / "scripts" / "derive_usda_foods.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("derive_usda_foods", module)
    spec.loader.exec_module(module)
    return module


def test_the_committed_data_file_is_what_the_script_derives(tmp_path):
    derive = _derive_module()
    out = tmp_path / "usda_foods.tsv"
    assert derive.main(["derive", str(SOURCE), str(out)]) == 0
    assert out.read_bytes() == data_text().encode("utf-8")


@pytest.mark.parametrize(
    ("short", "readable"),
    [
        ("EGG,WHL,RAW,FRSH", "Egg, whole, raw, fresh"),
        (
            "BEANS,KIDNEY,RED,MATURE SEEDS,CKD,BLD,WO/SALT",
            "Beans, kidney, red, mature seeds, cooked, boiled, without salt",
        ),
        ("CORN,SWT,YEL,CND,W/ SALT", "Corn, sweet, yellow, canned, with salt"),
        (
            "CHICKEN,BROILERS OR FRYERS,MEAT&SKN,RAW",
            "Chicken, broilers or fryers, meat and skin, raw",
        ),
    ],
)
def test_abbreviations_read_as_words(short, readable):
    assert _derive_module().readable_name(short) == readable
