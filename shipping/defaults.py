"""The district's default courier table as first deployed (migration 0005 writes it; staff
change it in the back office). Used as is when the table has no default rows at all."""

DEFAULT_RATES = [
    # zone, base fee, per extra kg, available
    ("village", 5000, 1000, True),
    ("district", 10000, 2000, True),
    ("regency", 15000, 3000, True),
    ("province", 30000, 5000, True),
    ("elsewhere", 50000, 10000, False),
]
