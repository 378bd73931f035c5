"""The catalog shipped with the app (catalog_items rows with user_id NULL).

Plain data, no SQLAlchemy: a migration inserts these rows and, on downgrade, deletes
exactly them, by the deterministic ids from seed_id(). Changing a name therefore
changes its id; add a migration that renames rather than editing a name here.

Food values are per 100 g of the food as listed (raw unless it says cooked), from
USDA FoodData Central (SR Legacy); energy in kcal, macros in milligrams.
"""

from __future__ import annotations

import uuid

# Fixed forever: every shipped row's id derives from it.
CATALOG_NAMESPACE = uuid.UUID("2df79c48-797a-4337-95db-5664eee39b2f")


def seed_id(kind: str, name: str) -> uuid.UUID:
    """The stable id of the shipped catalog row (kind, name)."""
    return uuid.uuid5(CATALOG_NAMESPACE, f"{kind}:{name}")


# (name, muscle_group, equipment, mode)
_EXERCISES: list[tuple[str, str, str, str]] = [
    # Chest
    ("Barbell Bench Press", "chest", "barbell", "strength"),
    ("Incline Barbell Bench Press", "chest", "barbell", "strength"),
    ("Dumbbell Bench Press", "chest", "dumbbell", "strength"),
    ("Incline Dumbbell Press", "chest", "dumbbell", "strength"),
    ("Dumbbell Fly", "chest", "dumbbell", "strength"),
    ("Machine Chest Press", "chest", "machine", "strength"),
    ("Pec Deck", "chest", "machine", "strength"),
    ("Cable Crossover", "chest", "cable", "strength"),
    ("Push-up", "chest", "bodyweight", "strength"),
    ("Dip", "chest", "bodyweight", "strength"),
    # Back
    ("Deadlift", "back", "barbell", "strength"),
    ("Barbell Row", "back", "barbell", "strength"),
    ("T-Bar Row", "back", "barbell", "strength"),
    ("One-Arm Dumbbell Row", "back", "dumbbell", "strength"),
    ("Pull-up", "back", "bodyweight", "strength"),
    ("Chin-up", "back", "bodyweight", "strength"),
    ("Lat Pulldown", "back", "cable", "strength"),
    ("Seated Cable Row", "back", "cable", "strength"),
    ("Straight-Arm Pulldown", "back", "cable", "strength"),
    ("Machine Row", "back", "machine", "strength"),
    ("Back Extension", "back", "bodyweight", "strength"),
    # Legs
    ("Back Squat", "legs", "barbell", "strength"),
    ("Front Squat", "legs", "barbell", "strength"),
    ("Romanian Deadlift", "legs", "barbell", "strength"),
    ("Hip Thrust", "legs", "barbell", "strength"),
    ("Goblet Squat", "legs", "dumbbell", "strength"),
    ("Walking Lunge", "legs", "dumbbell", "strength"),
    ("Bulgarian Split Squat", "legs", "dumbbell", "strength"),
    ("Leg Press", "legs", "machine", "strength"),
    ("Hack Squat", "legs", "machine", "strength"),
    ("Leg Extension", "legs", "machine", "strength"),
    ("Lying Leg Curl", "legs", "machine", "strength"),
    ("Seated Leg Curl", "legs", "machine", "strength"),
    ("Standing Calf Raise", "legs", "machine", "strength"),
    ("Seated Calf Raise", "legs", "machine", "strength"),
    ("Bodyweight Squat", "legs", "bodyweight", "strength"),
    # Shoulders
    ("Overhead Press", "shoulders", "barbell", "strength"),
    ("Seated Dumbbell Shoulder Press", "shoulders", "dumbbell", "strength"),
    ("Arnold Press", "shoulders", "dumbbell", "strength"),
    ("Dumbbell Lateral Raise", "shoulders", "dumbbell", "strength"),
    ("Rear Delt Fly", "shoulders", "dumbbell", "strength"),
    ("Cable Lateral Raise", "shoulders", "cable", "strength"),
    ("Face Pull", "shoulders", "cable", "strength"),
    ("Machine Shoulder Press", "shoulders", "machine", "strength"),
    # Arms
    ("Barbell Curl", "arms", "barbell", "strength"),
    ("Dumbbell Curl", "arms", "dumbbell", "strength"),
    ("Hammer Curl", "arms", "dumbbell", "strength"),
    ("Preacher Curl", "arms", "machine", "strength"),
    ("Cable Curl", "arms", "cable", "strength"),
    ("Triceps Pushdown", "arms", "cable", "strength"),
    ("Overhead Cable Triceps Extension", "arms", "cable", "strength"),
    ("Skull Crusher", "arms", "barbell", "strength"),
    ("Close-Grip Bench Press", "arms", "barbell", "strength"),
    # Core
    ("Plank", "core", "bodyweight", "strength"),
    ("Side Plank", "core", "bodyweight", "strength"),
    ("Hanging Leg Raise", "core", "bodyweight", "strength"),
    ("Crunch", "core", "bodyweight", "strength"),
    ("Cable Crunch", "core", "cable", "strength"),
    ("Ab Wheel Rollout", "core", "other", "strength"),
    ("Russian Twist", "core", "bodyweight", "strength"),
    ("Dead Bug", "core", "bodyweight", "strength"),
    # Cardio
    ("Running", "full_body", "none", "cardio"),
    ("Treadmill Running", "full_body", "machine", "cardio"),
    ("Cycling", "legs", "bike", "cardio"),
    ("Indoor Cycling", "legs", "machine", "cardio"),
    ("Rowing Machine", "full_body", "machine", "cardio"),
    ("Swimming", "full_body", "none", "cardio"),
    ("Walking", "legs", "none", "cardio"),
    ("Hiking", "legs", "none", "cardio"),
    ("Elliptical", "full_body", "machine", "cardio"),
    ("Stair Climber", "legs", "machine", "cardio"),
    ("Jump Rope", "full_body", "other", "cardio"),
    # Mobility
    ("Foam Rolling", "full_body", "other", "mobility"),
    ("Hip Flexor Stretch", "legs", "bodyweight", "mobility"),
    ("Hamstring Stretch", "legs", "bodyweight", "mobility"),
    ("Cat-Cow", "back", "bodyweight", "mobility"),
    ("World's Greatest Stretch", "full_body", "bodyweight", "mobility"),
    ("Band Shoulder Dislocate", "shoulders", "band", "mobility"),
    ("Thoracic Rotation", "back", "bodyweight", "mobility"),
    ("Yoga Flow", "full_body", "bodyweight", "mobility"),
]

# (name, kcal, protein mg, carbs mg, fat mg) per 100 g
_FOODS: list[tuple[str, int, int, int, int]] = [
    # Meat, fish, eggs
    ("Chicken breast, raw", 120, 22500, 0, 2600),
    ("Chicken thigh, skinless, raw", 121, 19700, 0, 4100),
    ("Beef mince 5% fat, raw", 137, 21400, 0, 5000),
    ("Beef mince 20% fat, raw", 254, 17200, 0, 20000),
    ("Pork tenderloin, raw", 120, 20700, 0, 3500),
    ("Salmon, farmed, raw", 208, 20400, 0, 13400),
    ("Cod, raw", 82, 17800, 0, 700),
    ("Tuna, canned in water, drained", 116, 25500, 0, 800),
    ("Shrimp, raw", 85, 20100, 0, 500),
    ("Egg, whole, raw", 143, 12600, 700, 9500),
    ("Egg white, raw", 52, 10900, 700, 200),
    ("Tofu, firm", 144, 17300, 2800, 8700),
    # Dairy
    ("Milk, whole (3.25%)", 61, 3200, 4800, 3300),
    ("Milk, reduced fat (2%)", 50, 3300, 4800, 2000),
    ("Greek yogurt, plain, nonfat", 59, 10200, 3600, 400),
    ("Cottage cheese, low fat (2%)", 81, 10500, 4800, 2300),
    ("Cheddar cheese", 403, 24900, 1300, 33100),
    ("Mozzarella, part-skim", 254, 24300, 2800, 15900),
    ("Feta cheese", 264, 14200, 4100, 21300),
    ("Butter", 717, 900, 100, 81100),
    ("Whey protein powder", 395, 79000, 9900, 3300),  # typical label; brands vary
    # Grains and starches
    ("Oats, rolled, dry", 379, 13200, 67700, 6500),
    ("White rice, dry", 365, 7100, 80000, 700),
    ("White rice, cooked", 130, 2700, 28200, 300),
    ("Brown rice, cooked", 112, 2300, 23500, 800),
    ("Pasta, dry", 371, 13000, 74700, 1500),
    ("Pasta, cooked", 158, 5800, 30900, 900),
    ("Bread, whole wheat", 252, 12400, 42700, 3500),
    ("Bread, white", 266, 7600, 50600, 3300),
    ("Quinoa, cooked", 120, 4400, 21300, 1900),
    ("Potato, raw", 77, 2000, 17500, 100),
    ("Sweet potato, raw", 86, 1600, 20100, 100),
    # Legumes
    ("Lentils, cooked", 116, 9000, 20100, 400),
    ("Chickpeas, cooked", 164, 8900, 27400, 2600),
    ("Black beans, cooked", 132, 8900, 23700, 500),
    ("Hummus", 166, 7900, 14300, 9600),
    # Fruit
    ("Banana", 89, 1100, 22800, 300),
    ("Apple", 52, 300, 13800, 200),
    ("Orange", 47, 900, 11800, 100),
    ("Blueberries", 57, 700, 14500, 300),
    ("Strawberries", 32, 700, 7700, 300),
    ("Grapes", 69, 700, 18100, 200),
    ("Avocado", 160, 2000, 8500, 14700),
    # Vegetables
    ("Broccoli, raw", 34, 2800, 6600, 400),
    ("Spinach, raw", 23, 2900, 3600, 400),
    ("Carrot, raw", 41, 900, 9600, 200),
    ("Tomato, raw", 18, 900, 3900, 200),
    ("Cucumber, raw", 15, 700, 3600, 100),
    ("Red bell pepper, raw", 31, 1000, 6000, 300),
    ("Onion, raw", 40, 1100, 9300, 100),
    ("Mushrooms, white, raw", 22, 3100, 3300, 300),
    ("Zucchini, raw", 17, 1200, 3100, 300),
    ("Green peas, raw", 81, 5400, 14500, 400),
    # Nuts, fats, sweets
    ("Almonds", 579, 21200, 21600, 49900),
    ("Walnuts", 654, 15200, 13700, 65200),
    ("Peanut butter, smooth", 588, 25100, 19600, 50400),
    ("Olive oil", 884, 0, 0, 100000),
    ("Dark chocolate (70-85%)", 598, 7800, 45900, 42600),
    ("Honey", 304, 300, 82400, 0),
    ("Sugar, white", 387, 0, 100000, 0),
    # Drinks (per 100 g, about 100 ml); beer and wine energy is mostly alcohol (7 kcal/g)
    ("Orange juice", 45, 700, 10400, 200),
    ("Coffee, brewed", 1, 100, 0, 0),
    ("Beer, regular", 43, 500, 3600, 0),
    ("Red wine", 85, 100, 2600, 0),
]

_INCOME_CATEGORIES = [
    "Salary",
    "Bonus",
    "Freelance",
    "Interest",
    "Dividends",
    "Rental income",
    "Refunds",
    "Gifts received",
    "Other income",
]

_EXPENSE_CATEGORIES = [
    "Housing",
    "Utilities",
    "Internet & phone",
    "Groceries",
    "Dining out",
    "Transport",
    "Fuel",
    "Insurance",
    "Health & medical",
    "Childcare",
    "Education",
    "Clothing",
    "Household",
    "Personal care",
    "Entertainment",
    "Subscriptions",
    "Fitness",
    "Travel",
    "Gifts & donations",
    "Pets",
    "Taxes & fees",
    "Other expenses",
]

_ACTIVITY_TYPES = [
    "School",
    "Homework",
    "Sport practice",
    "Music lesson",
    "Tutoring",
    "Reading",
    "Screen time",
    "Chores",
    "Play",
    "Outdoor time",
    "Arts & crafts",
    "Family time",
    "Doctor",
]

_EVENT_TYPES = [
    "Birthday",
    "Anniversary",
    "Appointment",
    "School event",
    "Sports game",
    "Holiday",
    "Party",
    "Trip",
    "Meeting",
]

CatalogRow = dict[str, str | int]


def _item(kind: str, name: str, **values: str | int) -> CatalogRow:
    return {"kind": kind, "name": name, **values}


CATALOG: list[CatalogRow] = [
    *(
        _item("exercise", n, muscle_group=mg, equipment=eq, mode=mode)
        for n, mg, eq, mode in _EXERCISES
    ),
    *(
        _item(
            "food",
            n,
            kcal_per_100g=kcal,
            protein_mg_per_100g=protein,
            carbs_mg_per_100g=carbs,
            fat_mg_per_100g=fat,
        )
        for n, kcal, protein, carbs, fat in _FOODS
    ),
    *(_item("income_category", n) for n in _INCOME_CATEGORIES),
    *(_item("expense_category", n) for n in _EXPENSE_CATEGORIES),
    *(_item("activity_type", n) for n in _ACTIVITY_TYPES),
    *(_item("event_type", n) for n in _EVENT_TYPES),
]

# Migration 0008: finance categories are a hierarchy, written as a path with ':' as
# in hledger (`Housing:Rent`). The flat categories of 0002 stay the top level (their
# ids derive from their names); these are shipped beneath them.
_EXPENSE_SUBCATEGORIES = [
    "Housing:Rent",
    "Housing:Mortgage",
    "Housing:Repairs",
    "Utilities:Electricity",
    "Utilities:Gas & heating",
    "Utilities:Water",
    "Groceries:Supermarket",
    "Groceries:Market",
    "Dining out:Restaurants",
    "Dining out:Coffee & snacks",
    "Dining out:Takeaway",
    "Transport:Public transport",
    "Transport:Taxi",
    "Transport:Parking & tolls",
    "Transport:Car maintenance",
    "Insurance:Health",
    "Insurance:Home",
    "Insurance:Car",
    "Insurance:Life",
    "Health & medical:Doctor",
    "Health & medical:Pharmacy",
    "Health & medical:Dentist",
    "Entertainment:Books",
    "Entertainment:Games",
    "Entertainment:Events",
    "Travel:Flights",
    "Travel:Lodging",
    "Taxes & fees:Income tax",
    "Taxes & fees:Bank fees",
]
_INCOME_SUBCATEGORIES = [
    "Salary:Net pay",
    "Interest:Savings",
]
CATEGORY_HIERARCHY: list[CatalogRow] = [
    *(_item("income_category", n) for n in _INCOME_SUBCATEGORIES),
    *(_item("expense_category", n) for n in _EXPENSE_SUBCATEGORIES),
]
# Every shipped row, whichever migration brought it.
SHIPPED: list[CatalogRow] = [*CATALOG, *CATEGORY_HIERARCHY]
