"""Derive the shipped food catalog from the USDA SR abbreviated table.

    python scripts/derive_usda_foods.py [SOURCE] [OUT]

SOURCE defaults to tests/data/usda_sr_abbrev.txt, OUT to
dashboard_tui/nutrition/catalog/usda_foods.tsv. The output is deterministic: running
it again on the same source gives the same bytes (a test checks the committed file).

What is kept: the food groups people log every day (by the NDB number's first two
digits, see GROUPS), minus brand-name products, infant formula and baby food,
restaurant and fast-food lines, commodity (school lunch) lines, industrial fats and
other rare entries (see DROP_WORDS). Values are per 100 g exactly as in the source:
kcal as the integer it is, protein/carbohydrate/fat/fibre converted from grams (at
most 3 decimals) to integer milligrams with Decimal; an empty field stays empty
("not measured"), never 0. Household portions come from GmWt_1/GmWt_Desc1 and
GmWt_2/GmWt_Desc2 when they describe ONE unit ("1 cup, chopped" = 128 g): the
portion name is the unit word a person types ("cup"), the label the source's text,
the grams the source's figure as written.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tests" / "data" / "usda_sr_abbrev.txt"
OUT = ROOT / "dashboard_tui" / "nutrition" / "catalog" / "usda_foods.tsv"
ATTRIBUTION = (
    "# Source: USDA National Nutrient Database for Standard Reference (SR, abbreviated "
    "table). Public domain. Derived by scripts/derive_usda_foods.py; values per 100 g."
)
HEADER = "ndb\tname\tkcal\tprotein_mg\tcarbs_mg\tfat_mg\tfibre_mg\tportions"

# NDB prefix -> food group kept.
GROUPS = {
    "01": "Dairy and egg",
    "02": "Spices and herbs",
    "04": "Fats and oils",
    "05": "Poultry",
    "09": "Fruits",
    "11": "Vegetables",
    "12": "Nuts and seeds",
    "15": "Fish and shellfish",
    "16": "Legumes",
    "20": "Cereal grains and pasta",
}

# Groups whose "cooked with salt" lines duplicate a kept "without salt" line.
SALTED_TWINS = ("11", "16", "20")

# Entries whose description contains one of these are rare for a person to log.
DROP_WORDS = (
    "INFANT",
    "BABYFOOD",
    "FAST FOOD",
    "RESTAURANT",
    "USDA CMDTY",
    "CMDTY",
    "SCHOOL LUNCH",
    "MECHANICALLY SEPARATED",
    "INDUS",
    "VAR MEATS",
    "BY-PRODUCTS",
    "CRUDE PROT",
    "(N X",
    "NATREON",
    "HI OLEIC",
    "HI STABILITY",
    "NON TRANS",
    "SHORTENING",
    "MARGARINE-LIKE",
    "MEAL,",
    "DEFATTED",
    "FLR,",
    "HYDR",
    "NFS",
    "NS AS TO",
    "ALASKA NATIVE",
    "HUMAN",
    "NORTHERN PLAINS",
    "SOUTHWEST",
    "SHOSHONE",
    "PROTEIN ISOLATE",
    "CONC,",
    "LEAVENING",
    "FD PRODUCTS",
    "GIBLETS",
    "LIVER",
    "GIZZARD",
    "HEART",
    "NECK",
    "BACK,",
    "SKIN ONLY",
    "FAT,BEEF",
    "FAT,MUTTON",
    "STEWING",
    "CAPON",
    "SQUAB",
    "PHEASANT",
    "QUAIL",
    "EMU",
    "OSTRICH",
    "GUINEA",
    "SEEDS,COTTONSEED",
    "SESBANIA",
    "HORSERADISH-TREE",
    "WHEY,ACID",
    "DRY MIX",
)
# Brand names appear as words in the abbreviated descriptions; drop those lines.
BRANDS = (
    "CAMPBELL",
    "KRAFT",
    "SILK",
    "KELLOGG",
    "QUAKER",
    "GENERAL MILLS",
    "HORMEL",
    "OSCAR MAYER",
    "LAND O",
    "DANNON",
    "YOPLAIT",
    "MORNINGSTAR",
    "GARDENBURGER",
    "BOCA",
    "HEINZ",
    "DOLE",
    "DEL MONTE",
    "GREEN GIANT",
    "BIRDS EYE",
    "UNCLE BEN",
    "MAHATMA",
    "CARRINGTON",
    "SMART BALANCE",
    "PROMISE",
    "BENECOL",
    "I CAN'T BELIEVE",
    "MARTHA WHITE",
    "ARCHWAY",
    "ROSARITA",
    "OLD EL PASO",
    "MCCORMICK",
    "TRADER",
    "NABISCO",
    "PILLSBURY",
    "BETTY CROCKER",
    "SARA LEE",
    "MISSION",
    "GOYA",
    "BUSH",
    "VAN CAMP",
    "HEALTHY CHOICE",
    "LEAN CUISINE",
    "STOUFFER",
    "BANQUET",
    "TYSON",
    "FOSTER",
    "PERDUE",
    "NATHAN",
    "PREGO",
    "RAGU",
    "OCEAN SPRAY",
    "CHIQUITA",
    "SUNKIST",
    "SPLENDA",
    "EGG BEATERS",
    "EGGBEATERS",
    "CRISCO",
    "MAZOLA",
    "WESSON",
    "PAM",
    "FLEISCHMANN",
    "BLUE BONNET",
    "PARKAY",
    "SHEDD",
    "COUNTRY CROCK",
    "ROMANOFF",
    "SEALTEST",
    "BORDEN",
    "HOOD",
    "LACTAID",
    "PHILADELPHIA",
    "VELVEETA",
    "MOTT",
    "GERBER",
    "BEECH-NUT",
    "EARTH'S BEST",
    "KASHI",
    "NESTLE",
    "ROYAL",
    "JELL-O",
    "ENSURE",
    "SLIMFAST",
    "MEAD JOHNSON",
    "VITASOY",
    "NASOYA",
    "WORTHINGTON",
    "LOMA LINDA",
    "MORI-NU",
    "HOUSE FOODS",
    "AZUMAYA",
    "SUNRICH",
    "SOYMILK,",
)

# Abbreviations of the short descriptions, as whole words (longest match first).
ABBREVIATIONS = {
    "ALL-PURP": "all-purpose",
    "ATL": "Atlantic",
    "BF": "beef",
    "BKD": "baked",
    "BLD": "boiled",
    "BNLESS": "boneless",
    "BNS": "beans",
    "BRSD": "braised",
    "BRLD": "broiled",
    "BTTRMLK": "buttermilk",
    "CHS": "cheese",
    "CHICK": "chicken",
    "CHOC": "chocolate",
    "CKD": "cooked",
    "CND": "canned",
    "COMM": "commercial",
    "COMMLY": "commercially",
    "CONC": "concentrate",
    "CRM": "cream",
    "DEHYD": "dehydrated",
    "DK": "dark",
    "DRK": "drink",
    "DRND": "drained",
    "ENR": "enriched",
    "EQ": "equal",
    "EVAP": "evaporated",
    "FLR": "flour",
    "FRSH": "fresh",
    "FRZ": "frozen",
    "GRDS": "grades",
    "GRN": "green",
    "H2O": "water",
    "HTD": "heated",
    "HVY": "heavy",
    "IMITN": "imitation",
    "IMMAT": "immature",
    "INCL": "including",
    "INST": "instant",
    "JUC": "juice",
    "KRNLS": "kernels",
    "LIQ": "liquid",
    "LN": "lean",
    "LO": "low",
    "LRG": "large",
    "LT": "light",
    "MATURE SEEDS": "mature seeds",
    "MED": "medium",
    "MXD": "mixed",
    "NFDM": "nonfat dry milk",
    "NFMS": "nonfat milk solids",
    "PAST": "pasteurized",
    "PDR": "powder",
    "PK": "pack",
    "PLN": "plain",
    "PNUT": "peanut",
    "PNUTS": "peanuts",
    "PREP": "prepared",
    "PROC": "processed",
    "PROT": "protein",
    "RED": "red",
    "REG": "regular",
    "RND": "round",
    "RSTD": "roasted",
    "RTD": "ready-to-drink",
    "RTE": "ready-to-eat",
    "SAU": "sauce",
    "SD": "seed",
    "SDS": "seeds",
    "SHRDDED": "shredded",
    "SKN": "skin",
    "SL": "sliced",
    "SML": "small",
    "SOL": "solids",
    "SOLN": "solution",
    "SPRD": "spread",
    "STMD": "steamed",
    "STWD": "stewed",
    "SWT": "sweet",
    "SWTND": "sweetened",
    "SYR": "syrup",
    "TSTD": "toasted",
    "UNCKD": "uncooked",
    "UNENR": "unenriched",
    "UNSWTND": "unsweetened",
    "UNSPEC": "unspecified",
    "VAR": "varieties",
    "VEG": "vegetable",
    "VIT": "vitamin",
    "W/": "with",
    "WO/": "without",
    "WHL": "whole",
    "WHT": "white",
    "YEL": "yellow",
    "YLW": "yellow",
    "PREPARED": "prepared",
    "SMMR": "summer",
    "WNTR": "winter",
    "DRY HEAT": "dry heat",
    "MOIST HEAT": "moist heat",
    "CHOPD": "chopped",
    "CHOPPED": "chopped",
    "UNPREP": "unprepared",
    "UNHTD": "unheated",
    "NO": "no",
    "SALT": "salt",
    "ADDED": "added",
    "OIL": "oil",
    "SOYBN": "soybean",
    "SUNFLWR": "sunflower",
    "RTL": "retail",
    "COMP": "composite",
    "SEP": "separable",
    "PCE": "piece",
    "PCS": "pieces",
    "SLCD": "sliced",
    "DSCD": "diced",
    "MSHD": "mashed",
    "FLAV": "flavored",
    "FORT": "fortified",
    "UNFORT": "unfortified",
    "NONFAT": "nonfat",
    "LOFAT": "lowfat",
    "RED FAT": "reduced fat",
    "FAT FREE": "fat free",
    "SKIM": "skim",
    "GRND": "ground",
    "ALL VAR": "all varieties",
    "SPRT": "sport",
    "BEV": "beverage",
    "FRENCH FR": "french fried",
    "HASH BROWN": "hash brown",
    "MICROWAVED": "microwaved",
    "AVG": "average",
    "APPROX": "approximately",
    "CTR": "center",
    "LEG": "leg",
    "WING": "wing",
    "BRST": "breast",
    "DRUMSTK": "drumstick",
    "DRUMSTK,": "drumstick,",
    "THGH": "thigh",
    "FRYERS": "fryers",
    "ROASTG": "roasting",
    "RSTR": "roaster",
    "MEATLESS": "meatless",
    "SPL": "special",
    "SUB": "substitute",
    "PREP FROM RECIPE": "prepared from recipe",
    "SEMISWT": "semisweet",
    "STK": "stick",
    "CRL": "cereal",
    "NAT": "natural",
    "ART": "artificial",
    "CHOCO": "chocolate",
    "BUTTERMILK": "buttermilk",
    "TBSP": "tbsp",
    "WHIPPD": "whipped",
    "WHIPPING": "whipping",
    "HALF & HALF": "half and half",
    "SWTND,": "sweetened,",
    "GRAPEFRUIT": "grapefruit",
    "PULP": "pulp",
    "SOLIDS": "solids",
    "LIQUIDS": "liquids",
    "SEMISOFT": "semisoft",
    "PARBLD": "parboiled",
    "UNSALTED": "unsalted",
    "UNBLEACHED": "unbleached",
    "PASTEURIZED": "pasteurized",
    "RAW": "raw",
    "ROMAINE": "romaine",
    "OZ": "oz",
    "&": " and ",
    "DI NA PO4": "disodium phosphate",
    "PRECKD": "precooked",
    "UNCRMD": "uncreamed",
    "MOIST": "moisture",
    "NA": "sodium",
    "SP": "species",
    "FD": "food",
    "GRNS": "greens",
    "DRSNG": "dressing",
    "EX": "extra",
    "FR": "fried",
    "HALVES": "halves",
    "SPRD,": "spread,",
    "PKD": "packed",
    "KRNL": "kernel",
    "WATERPACK": "water pack",
    "JUICE PK": "juice pack",
    "NUTR": "nutrients",
    "BNLS": "boneless",
    "ALL CLASSES": "all classes",
    "SPICED": "spiced",
    "SHLD": "shoulder",
    "CRMD": "creamed",
    "STYLE": "style",
    "VARIETIES": "varieties",
    "MARINATED": "marinated",
}

_ABBR_RE = re.compile(
    r"(?<![A-Za-z0-9])("
    + "|".join(re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?:(?<=/)|(?![A-Za-z0-9]))"
)

# Unit words a person types; multi-word first.
KNOWN_UNITS = (
    "fl oz",
    "cup",
    "tbsp",
    "tsp",
    "oz",
    "slice",
    "piece",
    "large",
    "medium",
    "small",
    "extra large",
    "jumbo",
    "stalk",
    "clove",
    "leaf",
    "head",
    "fruit",
    "wedge",
    "pat",
    "stick",
    "serving",
    "bar",
    "can",
    "package",
    "container",
    "link",
    "patty",
    "fillet",
    "breast",
    "thigh",
    "drumstick",
    "wing",
    "leg",
    "nut",
    "kernel",
    "spear",
    "floret",
    "bulb",
    "root",
    "pepper",
    "tortilla",
    "sheet",
    "pod",
    "bunch",
    "sprig",
    "bag",
    "packet",
    "ear",
    "egg",
    "yolk",
    "shell",
    "biscuit",
    "cake",
)
_UNIT_ALIASES = {
    "tablespoon": "tbsp",
    "teaspoon": "tsp",
    "cups": "cup",
    "slices": "slice",
    "pieces": "piece",
    "nlea serving": "serving",
    "oz,": "oz",
    "lrg": "large",
    "med": "medium",
    "sml": "small",
}


def readable_name(short: str) -> str:
    """`EGG,WHL,RAW,FRSH` -> `Egg, whole, raw, fresh`."""
    text = short.replace("W/ ", "W/").replace("WO/ ", "WO/").replace("&", " & ")
    text = _ABBR_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], text)
    parts = [p.strip() for p in re.split(r",(?![^()]*\))", text) if p.strip()]
    words = []
    for i, part in enumerate(parts):
        part = re.sub(r"\bwith(?!out)(?=\S)", "with ", part)
        part = re.sub(r"\bwithout(?=\S)", "without ", part)
        part = re.sub(r"\s+", " ", part).strip()
        part = re.sub(r"\b([A-Z][A-Z'\-]*)\b", lambda m: m.group(1).lower(), part)
        words.append(part[:1].upper() + part[1:] if i == 0 else part)
    name = ", ".join(words)
    # Proper names and acronyms that read badly in lower case.
    for lower, proper in (
        ("atlantic", "Atlantic"),
        ("pacific", "Pacific"),
        ("american", "American"),
        ("swiss", "Swiss"),
        ("cheddar", "Cheddar"),
        ("parmesan", "Parmesan"),
        ("mozzarella", "mozzarella"),
        ("brazilnuts", "Brazil nuts"),
        ("english", "English"),
        ("indian", "Indian"),
        ("italian", "Italian"),
        ("french", "French"),
        ("mexican", "Mexican"),
        ("chinese", "Chinese"),
        ("japanese", "Japanese"),
        ("vitamin a", "vitamin A"),
        ("vitamin d", "vitamin D"),
        ("vitamin c", "vitamin C"),
    ):
        name = re.sub(rf"\b{lower}\b", proper, name)
    return name[:120]


def milligrams(field: str) -> str:
    """Grams with <= 3 decimals -> exact integer milligrams; "" stays "" (not measured)."""
    if field == "":
        return ""
    mg = Decimal(field) * 1000
    if mg != mg.to_integral_value():
        raise ValueError(f"{field} g is not a whole number of milligrams")
    return str(int(mg))


def portion(grams: str, desc: str) -> tuple[str, str, str] | None:
    """(name, label, grams) for a description of ONE unit; None otherwise."""
    if not grams or not desc:
        return None
    match = re.match(r"^1\s+(.+)$", desc.strip())
    if not match or Decimal(grams) <= 0:
        return None
    rest = match.group(1).strip().lower()
    head = re.split(r"[,(]", rest, maxsplit=1)[0].strip()
    head = re.sub(r"\s+", " ", head)
    head = _UNIT_ALIASES.get(head, head)
    name = None
    for unit in KNOWN_UNITS:
        if head == unit or head.startswith(unit + " "):
            name = unit
            break
    if name is None:
        words = head.split(" ")
        first = _UNIT_ALIASES.get(words[0], words[0])
        if not re.fullmatch(r"[a-z][a-z\-]{1,19}", first):
            return None
        name = first
    label = f"1 {re.sub(r'[ ]+', ' ', desc.strip()[1:].strip())} ({grams} g)"
    return name, label, grams


def is_kept(ndb: str, short: str) -> bool:
    if ndb[:2] not in GROUPS:
        return False
    if any(word in short for word in DROP_WORDS):
        return False
    if any(brand in short for brand in BRANDS):
        return False
    # Brand lines are written in mixed case or carry a possessive or a mark.
    return not (re.search(r"[a-z]", short) or "'S" in short or "(TM)" in short)


def derive(source: Path) -> str:
    lines = [ATTRIBUTION, HEADER]
    rows = []
    for raw in source.read_text(encoding="latin-1").splitlines():
        if not raw:
            continue
        f = [x.strip("~") for x in raw.split("^")]
        ndb, short = f[0], f[1]
        if not is_kept(ndb, short) or f[3] == "":
            continue
        if ndb[:2] in SALTED_TWINS and re.search(r"\bW/ ?SALT\b", short):
            continue  # the same food cooked with salt; its unsalted twin is kept
        portions = []
        seen = set()
        for grams, desc in ((f[-5], f[-4]), (f[-3], f[-2])):
            got = portion(grams, desc)
            if got and got[0] not in seen:
                seen.add(got[0])
                portions.append(got)
        if not portions:
            continue  # no household measure: rarely logged (and hard to log)
        encoded = ";".join("|".join(p) for p in portions)
        rows.append(
            (
                ndb,
                readable_name(short),
                str(int(f[3])),
                milligrams(f[4]),
                milligrams(f[7]),
                milligrams(f[5]),
                milligrams(f[8]),
                encoded,
            )
        )
    rows.sort(key=lambda r: r[0])
    # Two source lines may read the same once expanded: keep names unique.
    names: dict[str, int] = {}
    for r in rows:
        names[r[1].lower()] = names.get(r[1].lower(), 0) + 1
    for r in rows:
        name = r[1] if names[r[1].lower()] == 1 else f"{r[1]} (NDB {r[0]})"
        lines.append("\t".join((r[0], name, *r[2:])))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    out = Path(argv[2]) if len(argv) > 2 else OUT
    out.write_text(derive(source), encoding="utf-8", newline="\n")
    print(f"{out}: {derive(source).count(chr(10)) - 2} foods")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
