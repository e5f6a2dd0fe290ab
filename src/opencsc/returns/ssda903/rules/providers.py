"""SSDA903 rules on Ofsted URNs, judged against Ofsted's register of providers (`--ofsted`).

The register is the reference frame "providers" (`opencsc.returns.ssda903.providers`): one row
per URN with its placement and provider codes, premises postcodes and closure date. Rules on
where a placement is (218, 243, and with the register 229 and 241) also need the postcode
reference (`--postcodes`), which gives each placement's local authority (PL_LA) and each
provider's. Without what a rule needs it is not run. 'XXXXXXX' is the URN given for placements
no single provider holds (242 says where it may be used); it is never looked up.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from opencsc.returns.data import ROW
from opencsc.returns.engine import RuleContext, blank, present, rule
from opencsc.returns.ssda903.postcodes import LA, PL_LA, POSTCODE, authority, located

PROVIDERS = "providers"
POSTCODES = "postcodes"
NO_URN = "XXXXXXX"
_NEEDS = ("Episodes", PROVIDERS)
_NEEDS_BOTH = ("Episodes", PROVIDERS, POSTCODES)
# PL_LA for placements outside England (the DfE's codes; the postcode reference gives SCO, WAL
# and NIR, and leaves the Channel Islands and the Isle of Man blank).
OUTSIDE_ENGLAND = ["CON", "NIR", "SCO", "WAL", "NUK"]


def _urn() -> pl.Expr:
    return pl.col("URN").str.to_uppercase()


def with_provider(ctx: RuleContext, episodes: pl.DataFrame | None = None) -> pl.DataFrame:
    """Episodes giving a URN other than 'XXXXXXX', each with its provider's register entry;
    `_known` says whether the register has the URN."""
    providers = ctx.reference(PROVIDERS).with_columns(pl.lit(True).alias("_known"))
    return (
        (ctx.frame("Episodes") if episodes is None else episodes)
        .filter(present("URN") & (_urn() != NO_URN))
        .with_columns(_urn().alias("_URN"))
        .join(providers.rename({"URN": "_URN"}), on="_URN", how="left")
        .with_columns(pl.col("_known").fill_null(False))
    )


def _not_listed(value: str, listed: str) -> pl.Expr:
    """The episode's `value` is not one of the provider's `listed` codes (blank is not one)."""
    return ~pl.col(listed).list.contains(pl.col(value)).fill_null(False)


@rule(
    "903",
    "1008",
    "Ofsted Unique Reference Number (URN) is not valid.",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=["URN"],
)
def _1008(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    return {"Episodes": with_provider(ctx).filter(~pl.col("_known")).select(ROW)}


@rule(
    "903",
    "219",
    "The Ofsted Unique reference number (URN) provided for the child's placement does not match "
    "the placement type recorded.",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=["URN", "PLACE"],
)
def _219(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    # a URN the register lacks is 1008's; a provider listed with no placement codes is not judged
    eps = with_provider(ctx).filter(pl.col("PLACE_CODES").list.len() > 0)
    return {"Episodes": eps.filter(_not_listed("PLACE", "PLACE_CODES")).select(ROW)}


@rule(
    "903",
    "224",
    "The Ofsted Unique reference number (URN) provided for the child's placement does not match "
    "the placement provider recorded.",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=["URN", "PLACE_PROVIDER"],
)
def _224(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = with_provider(ctx).filter(pl.col("PROVIDER_CODES").list.len() > 0)
    return {"Episodes": eps.filter(_not_listed("PLACE_PROVIDER", "PROVIDER_CODES")).select(ROW)}


@rule(
    "903",
    "221",
    "The Ofsted Unique reference number (URN) provided for the child's placement does not match "
    "the placement postcode provided.",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=["URN", "PL_POST"],
)
def _221(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = with_provider(ctx).filter(
        ~pl.col("LS").is_in(["V3", "V4"]).fill_null(False)
        & pl.col("PLACE").is_in(["K1", "K2", "K3", "R3", "S1"]).fill_null(False)
        & present("PL_POST")
        & (pl.col("POSTCODES").list.len() > 0)
    )
    postcode = pl.col("PL_POST").str.replace_all(" ", "").str.to_uppercase()
    return {"Episodes": eps.filter(~pl.col("POSTCODES").list.contains(postcode)).select(ROW)}


@rule(
    "903",
    "227",
    "Ofsted Unique reference number (URN) is not valid for the episode start date.",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=["URN", "DECOM"],
)
def _227(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = with_provider(ctx)
    return {"Episodes": eps.filter(pl.col("DECOM") >= pl.col("REG_END")).select(ROW)}


@rule(
    "903",
    "228",
    "Ofsted Unique reference number (URN) is not valid for the episode end date",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=["URN", "DEC"],
)
def _228(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    # an open episode is checked at the end of the year: the provider must still be registered
    ended = pl.col("DEC").fill_null(pl.when(pl.col("DEC:raw").is_null()).then(ctx.collection_end))
    eps = with_provider(ctx)
    return {"Episodes": eps.filter(ended > pl.col("REG_END")).select(ROW)}


def _provider_las(ctx: RuleContext) -> pl.DataFrame:
    """URN → the local authorities (ONS codes) of its premises, from their postcodes."""
    ref = ctx.reference(POSTCODES).select(POSTCODE, LA)
    return (
        ctx.reference(PROVIDERS)
        .select(pl.col("URN").alias("_URN"), pl.col("POSTCODES").alias(POSTCODE))
        .explode(POSTCODE)
        .join(ref, on=POSTCODE, how="inner")
        .filter(pl.col(LA).is_not_null())
        .group_by("_URN")
        .agg(pl.col(LA).unique().sort().alias("_LAS"))
    )


@rule(
    "903",
    "229",
    "Placement provider does not match between the placing authority and the local authority "
    "code of the provider.",
    tables=["Episodes"],
    needs=_NEEDS_BOTH,
    fields=["URN", "PLACE_PROVIDER"],
)
def _229(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    la = authority(ctx.data)
    if la is None:
        return {}  # the returning authority is not known (no --la, no home postcode found)
    eps = with_provider(ctx).join(_provider_las(ctx), on="_URN", how="inner")
    ours = pl.col("_LAS").list.contains(pl.lit(la))
    only_ours = pl.col("_LAS").list.set_difference(pl.lit([la])).list.len() == 0
    own = (pl.col("PLACE_PROVIDER") == "PR1") & ~ours
    other = (pl.col("PLACE_PROVIDER") == "PR2") & only_ours
    return {"Episodes": eps.filter(own | other).select(ROW)}


@rule(
    "903",
    "241",
    "LA of placement is not an LA the provider has premises.",
    tables=["Episodes"],
    needs=_NEEDS_BOTH,
    fields=["URN", "PL_POST"],
    since="2025-26",
)
def _241(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = (
        with_provider(ctx, located(ctx.data))
        .filter((pl.col("PLACE") == "K3") & pl.col(PL_LA).is_not_null())
        .join(_provider_las(ctx), on="_URN", how="inner")
    )
    return {"Episodes": eps.filter(~pl.col("_LAS").list.contains(pl.col(PL_LA))).select(ROW)}


def _218(exempt: list[str]) -> Callable[[RuleContext], dict[str, pl.DataFrame]]:
    def check(ctx: RuleContext) -> dict[str, pl.DataFrame]:
        eps = located(ctx.data)
        in_year = (pl.col("DEC") >= pl.lit(ctx.collection_start)) | blank("DEC:raw")
        needed = (
            ~pl.col("PLACE").is_in(exempt).fill_null(False)
            & ~pl.col(PL_LA).is_in(OUTSIDE_ENGLAND).fill_null(False)
            & in_year
        )
        return {"Episodes": eps.filter(needed & blank("URN")).select(ROW)}

    return check


_218_EXEMPT = ["P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4"]
for _since, _other in (("2024-25", ["Z1"]), ("2025-26", ["Z11", "Z12", "Z13", "Z14"])):
    rule(
        "903",
        "218",
        "Ofsted Unique reference number (URN) is required.",
        tables=["Episodes"],
        needs=("Episodes", POSTCODES),
        fields=["URN", "PLACE", "PL_POST"],
        since=_since,
    )(_218(_218_EXEMPT + _other))


@rule(
    "903",
    "243",
    "Only placements with providers registered with Ofsted should have a URN reported.",
    tables=["Episodes"],
    needs=("Episodes", POSTCODES),
    fields=["URN", "PL_POST"],
    since="2025-26",
)
def _243(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = located(ctx.data)
    return {
        "Episodes": eps.filter(pl.col(PL_LA).is_in(OUTSIDE_ENGLAND) & present("URN")).select(ROW)
    }
