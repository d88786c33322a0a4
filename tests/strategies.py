"""Hypothesis strategies: valid instruments built from the model, and hostile YAML."""

from __future__ import annotations

import copy
from typing import Any

import attrs
import yaml
from hypothesis import strategies as st

from sigrbm.instrument.conditions import (
    AllOf,
    AnyOf,
    AttributeCondition,
    Condition,
    CountOf,
    Derivation,
    Flag,
    ItemIs,
    MaxOf,
    MinOf,
    SumOf,
    ValueOf,
)
from sigrbm.instrument.model import (
    RISK_ROLES,
    Attribute,
    AttributeType,
    Band,
    BandTable,
    BandVariant,
    Basis,
    Bin,
    CountsAs,
    Domain,
    DomainKind,
    Instrument,
    Item,
    Level,
    LevelSet,
    MissingMethod,
    MissingOption,
    MissingPolicy,
    Option,
    Provenance,
    Role,
    Scale,
    ScaleKind,
    Score,
    ScoreKind,
    ScoreWeight,
)
from sigrbm.instrument.weight_by import WeightBy, WeightCase
from sigrbm.reading.text import Text

ids = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)
#: issue 13 (round 3): ids that cannot equal a batch column name (E609) — those all contain
#: '_' but for a few fixed ones
column_safe_ids = ids.filter(
    lambda s: "_" not in s and s not in {"date", "age", "judgement", "program", "version"}
)
words = st.text(
    # Cn: U+FFFE and other noncharacters cannot stand in a YAML (or our JSON) file at all
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() != "")


@st.composite
def texts(draw: st.DrawFn, langs: tuple[str, ...]) -> Text:
    return Text.of({lang: draw(words) for lang in langs})


@st.composite
def scales(draw: st.DrawFn, scale_id: str, langs: tuple[str, ...]) -> Scale:
    n = draw(st.integers(1, 4))
    steps = draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    start = draw(st.integers(-1, 1))
    values = [start + sum(steps[:i]) for i in range(n)]
    codes = draw(st.lists(ids, min_size=n + 2, max_size=n + 2, unique=True))
    n_missing = draw(st.integers(0, 2))
    options = tuple(
        Option(code=codes[i], value=values[i], label=draw(texts(langs))) for i in range(n)
    )
    missing = tuple(
        MissingOption(code=codes[n + i], label=draw(texts(langs))) for i in range(n_missing)
    )
    counted = (  # issue 24: a coding rule counts the last missing option as some points
        (CountsAs(code=missing[-1].code, points=draw(st.sampled_from(values))),)
        if missing and draw(st.booleans())
        else ()
    )
    return Scale(
        id=scale_id,
        label=draw(texts(langs)),
        options=options,
        missing=missing,
        counts_as=counted,
    )


@st.composite
def item_counts_as(draw: st.DrawFn, scale: Scale) -> tuple[CountsAs, ...]:
    """Issue 24: sometimes the item's own rule for its scale's first missing option."""
    if not scale.missing or draw(st.integers(0, 3)) != 0:
        return ()
    lo, hi = scale.points_range()
    return (CountsAs(code=scale.missing[0].code, points=draw(st.sampled_from([lo, hi]))),)


def _range(
    items: list[Item], scale_map: dict[str, Scale], target: str | None = None
) -> tuple[float, float]:
    """The attainable range; weights chosen by an attribute (issue 24) are read for each of
    its classes of values and joined (so every band the strategy draws is reachable)."""
    worlds = [{"kon": k, "age": a} for k in ("flicka", "pojke", "annat") for a in (10, 16, 30)]
    sums = []
    for world in worlds:
        lo = hi = 0.0
        for it in items:
            pmin, pmax = scale_map[it.scale].points_range()
            plain, rule = (it.weight, it.weight_by) if target is None else it.weight_rule(target)
            w = plain if rule is None else rule.weight(world[rule.attribute], plain)
            a, b = sorted((w * pmin, w * pmax))
            if it.applies_when:
                a, b = min(a, 0.0), max(b, 0.0)
            lo += a
            hi += b
        sums.append((lo, hi))
    return min(x[0] for x in sums), max(x[1] for x in sums)


#: Conditions on age and kon; with rows missing either, a later condition may fail while an
#: earlier one is unknown (issues 13/16: three-valued, the order never matters).
ATTRIBUTE_CONDITIONS = (
    AttributeCondition(attribute="age", min=12),
    AttributeCondition(attribute="age", max=20),
    AttributeCondition(attribute="kon", in_=("flicka",)),
    AttributeCondition(attribute="kon", in_=("pojke",)),  # one value: FHIR enableWhen
)


def applies_when() -> st.SearchStrategy[tuple[AttributeCondition, ...]]:
    """No condition, age ≥ 12 alone (the common case), or two conditions in any order."""
    return st.one_of(
        st.just(()),
        st.just((ATTRIBUTE_CONDITIONS[0],)),
        st.lists(st.sampled_from(ATTRIBUTE_CONDITIONS), min_size=2, max_size=2, unique=True).map(
            tuple
        ),
    )


@st.composite
def band_table(
    draw: st.DrawFn, table_id: str, set_id: str, levels: tuple[str, ...], rng: tuple[float, float]
) -> BandTable:
    """A table whose bands each start inside the attainable range (so every level is reachable)."""
    lo, hi = rng
    inner = sorted({x for x in range(int(lo) + 1, int(hi) + 1) if lo < x <= hi})
    k = min(len(levels) - 1, len(inner))
    cuts = (
        sorted(draw(st.lists(st.sampled_from(inner), min_size=k, max_size=k, unique=True)))
        if k
        else []
    )
    starts = [lo, *cuts]
    bands = tuple(
        Band(level=levels[i], min=starts[i], below=starts[i + 1] if i + 1 < len(starts) else None)
        for i in range(len(starts))
    )
    return BandTable(id=table_id, level_set=set_id, bands=bands)


@st.composite
def with_variants(
    draw: st.DrawFn, table: BandTable, levels: tuple[str, ...], rng: tuple[float, float]
) -> BandTable:
    """Issue 16: up to two variants chosen by age or kon, beside the default bands, so that
    rows missing an attribute leave the band choice open between candidate tables."""
    variants = []
    for _ in range(draw(st.integers(0, 2))):
        bands = draw(band_table(table.id, table.level_set, levels, rng)).bands
        if len(bands) != len(levels):
            continue
        when = draw(
            st.lists(
                st.sampled_from(
                    [
                        AttributeCondition(attribute="age", max=14),
                        AttributeCondition(attribute="age", min=18),
                        AttributeCondition(attribute="kon", in_=("pojke",)),
                        AttributeCondition(attribute="kon", in_=("flicka", "annat")),
                    ]
                ),
                min_size=1,
                max_size=2,
                unique=True,
            )
        )
        variants.append(BandVariant(when=tuple(when), bands=bands))
    return attrs.evolve(table, variants=tuple(variants))


@st.composite
def instruments(draw: st.DrawFn) -> Instrument:
    """Valid instruments: every reference resolves, every band is reachable."""
    langs = draw(st.sampled_from([("sv",), ("en", "sv")]))
    names = draw(st.lists(column_safe_ids, min_size=19, max_size=19, unique=True))
    scale_ids, domain_ids, item_ids = names[0:2], names[2:5], names[5:13]
    n_scales = draw(st.integers(1, 2))
    scale_list = [draw(scales(scale_ids[i], langs)) for i in range(n_scales)]
    scale_map = {s.id: s for s in scale_list}
    n_domains = draw(st.integers(1, 3))
    n_items = draw(st.integers(1, 8))
    age = Attribute(id="age", label=draw(texts(langs)), type=AttributeType.INTEGER)
    items = []
    for i in range(n_items):
        role = draw(st.sampled_from(list(Role)))
        domain = draw(st.sampled_from(domain_ids[:n_domains]))
        if role not in RISK_ROLES and draw(st.booleans()):
            domain = None
        cond = draw(applies_when())
        scale_id = draw(st.sampled_from([s.id for s in scale_list]))
        items.append(
            Item(
                id=item_ids[i],
                domain=domain,
                role=role,
                scale=scale_id,
                counts_as=draw(item_counts_as(scale_map[scale_id])),
                weight=draw(st.sampled_from([1, 2, 3, 0.5])),
                text=draw(texts(langs)),
                guidance=draw(st.none() | texts(langs)),
                applies_when=cond,
                provenance=Provenance(
                    basis=Basis.RECONSTRUCTION, note=draw(st.none() | texts(langs))
                ),
            )
        )
    items += draw(derived(langs, items, scale_map, names[16:19], domain_ids[:n_domains]))
    items = draw(with_weights(items, domain_ids[:n_domains]))
    level_ids = ("lag", "medel", "hog")
    level_set = LevelSet(
        id="niva", levels=tuple(Level(id=x, label=draw(texts(langs))) for x in level_ids)
    )
    tables: list[BandTable] = []
    domains = []
    for d in domain_ids[:n_domains]:
        risk = [it for it in items if it.domain == d and it.role in RISK_ROLES]
        bands = None
        if risk and draw(st.booleans()):
            rng = _range(risk, scale_map, d)
            if rng[1] - rng[0] >= 2:
                t = draw(band_table(f"t_{d}", "niva", level_ids, rng))
                if len(t.bands) == len(level_ids):
                    t = draw(with_variants(t, level_ids, rng))
                    tables.append(t)
                    bands = t.id
        domains.append(
            Domain(
                id=d,
                label=draw(texts(langs)),
                kind=draw(st.sampled_from(list(DomainKind))),
                big_four=draw(st.booleans()),
                bands=bands,
            )
        )
    scores = []
    risk_items = [it for it in items if it.role in RISK_ROLES]
    if risk_items:
        rng = _range(risk_items, scale_map, "total")
        bands = None
        if rng[1] - rng[0] >= 2:
            t = draw(band_table("t_total", "niva", level_ids, rng))
            if len(t.bands) == len(level_ids):
                t = draw(with_variants(t, level_ids, rng))
                tables.append(t)
                bands = t.id
        policies = [None, MissingPolicy()]
        if not has_weight_rule(risk_items, "total"):  # E610 (issue 24)
            policies.append(MissingPolicy(method=MissingMethod.PRORATE, min_completeness=0.8))
        policy = draw(st.sampled_from(policies))
        scores.append(
            Score(
                id="total",
                label=draw(texts(langs)),
                kind=ScoreKind.RISK,
                roles=(Role.STATIC_RISK, Role.DYNAMIC_RISK),
                bands=bands,
                missing=policy,
            )
        )
    return Instrument(
        id=draw(ids),
        version=f"{draw(st.integers(0, 20))}.{draw(st.integers(0, 20))}.{draw(st.integers(0, 20))}",
        languages=langs,
        title=draw(texts(langs)),
        description=draw(texts(langs)),
        provenance=Provenance(basis=Basis.RECONSTRUCTION, note=draw(texts(langs))),
        attributes=(
            age,
            Attribute(
                id="kon",
                label=draw(texts(langs)),
                type=AttributeType.CATEGORY,
                values=("flicka", "pojke", "annat"),
            ),
        ),
        level_sets=(level_set,),
        scales=tuple(scale_map.values()),
        domains=tuple(domains),
        items=tuple(items),
        band_tables=tuple(tables),
        scores=tuple(scores),
        flags=tuple(draw(flags(langs, items, scale_map))),
    )


# issue 14: hostile mutations of valid documents, for the fuzz property over every loader
HOSTILE_TOKENS = [
    "016",
    "010",
    "0x10",
    "0o17",
    "1:30",
    "1_000",
    "+3",
    "9" * 5000,
    "1" + "0" * 400,
    "1.0e+400",
    ".inf",
    ".nan",
    "-1",
    "0",
    "¹⁶",
    "2026W031",
    "20260131",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "2026-01-05 10:00:00",
    "19900101-1234",
    "900101_1234",
    "'900101:1234'",
    "\x1b[2J",
    "<script>x</script>",
    "[",
    "{",
    "*a",
    "&a x",
    "!!python/object:os.system x",
    "!!binary aGVsbG8=",
    "~",
    "yes",
    "'",
    '"',
    "[" * 60 + "]" * 60,
    "{a: 1, a: 2}",
    "[]",
    "{}",
]


@st.composite
def mutated(draw: st.DrawFn, base: str) -> str:
    """``base`` with a few lines mutated: a value (or a comma-separated cell) replaced by a
    hostile token, a line dropped, doubled or cut short, or a hostile line inserted."""
    lines = base.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["value", "value", "cell", "drop", "double", "cut", "insert"]))
        token = draw(st.sampled_from(HOSTILE_TOKENS))
        line = lines[i]
        if how == "value" and ": " in line:
            lines[i] = line[: line.index(": ") + 2] + token + "\n"
        elif how == "cell" and "," in line:
            cells = line.rstrip("\n").split(",")
            cells[draw(st.integers(0, len(cells) - 1))] = token
            lines[i] = ",".join(cells) + "\n"
        elif how == "drop":
            del lines[i]
        elif how == "double":
            lines.insert(i, line)
        elif how == "cut":
            lines[i] = line[: draw(st.integers(0, len(line)))]
        else:
            lines.insert(i, token + "\n")
    return "".join(lines)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["yes", "no", "on", "1.10", "2013-03-07", "vet_ej", "njd", "ja", "~", "&a"]),
)
keys = st.sampled_from(
    [
        "id",
        "version",
        "items",
        "scales",
        "scale",
        "role",
        "domain",
        "bands",
        "levels",
        "text",
        "sv",
        "en",
        "min",
        "below",
        "level",
        "when",
        "item",
        "in",
        "weight",
        "label",
        "options",
    ]
) | st.text(max_size=8)


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5)


plain_trees = st.recursive(scalars, _extend, max_leaves=30)


def dump(value: Any) -> str:
    """YAML text for a plain tree (non-finite floats and odd keys included)."""
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


yaml_fragments = st.lists(
    st.sampled_from(
        [
            "id: x\n",
            "- a\n",
            "  - b\n",
            "a: &x [1, 2]\n",
            "b: *x\n",
            "c: *y\n",
            "{",
            "}",
            "[",
            "]",
            ": ",
            "? k\n",
            "--- \n",
            "...\n",
            "%YAML 1.1\n",
            "!!python/object:os.system x\n",
            "!!binary aGVsbG8=\n",
            "'unterminated\n",
            '"\\x"\n',
            "\t",
            "k: v\n  bad: indent\n",
            "items: [{id: a, scale: s}]\n",
            "version: 1.10\n",
            "on: yes\n",
            "<<: *x\n",
        ]
    ),
    max_size=12,
).map("".join)


# issue 12: generated Check: RBMK cases for the matching and plan properties
@st.composite
def rbmk_cases(
    draw: st.DrawFn,
) -> tuple[int, str | None, dict[str, str | int], dict[str, str | int]]:
    """(age, professional level or None, answers, subject attributes) for check-rbmk."""
    from sigrbm.instrument.load import load_instrument
    from sigrbm.instrument.model import ScaleKind

    inst = load_instrument("check-rbmk", cache=True)
    scales = {s.id: s for s in inst.scales}
    age = draw(st.integers(min_value=10, max_value=27))
    level = draw(st.sampled_from((None, "lag", "medel", "hog")))
    answers: dict[str, str | int] = {}
    for item in inst.items:
        cond = item.applies_when[0] if item.applies_when else None
        if cond is not None and (
            (cond.min is not None and age < cond.min) or (cond.max is not None and age > cond.max)
        ):
            continue
        scale = scales[item.scale]
        if scale.kind is ScaleKind.COUNT:
            answers[item.id] = draw(st.integers(min_value=0, max_value=8))
        else:
            codes = [o.code for o in scale.options] + [m.code for m in scale.missing][:1]
            answers[item.id] = draw(st.sampled_from(codes))
    subject: dict[str, str | int] = {}
    kon = draw(st.sampled_from((None, "flicka", "pojke")))
    if kon is not None:
        subject["kon"] = kon
    if draw(st.booleans()):
        subject["frivard"] = draw(st.sampled_from(("ja", "nej")))
    return age, level, answers, subject


# Second-edition features (issue 13) ---------------------------------------------------


@st.composite
def _leaf(draw: st.DrawFn, plain: list[Item], scale_map: dict[str, Scale]) -> Condition:
    if plain and draw(st.booleans()):
        item = draw(st.sampled_from(plain))
        codes = scale_map[item.scale].codes
        return ItemIs(item=item.id, in_=tuple(draw(st.sets(st.sampled_from(codes), min_size=1))))
    bound = draw(st.integers(10, 20))
    if draw(st.booleans()):
        return AttributeCondition(attribute="age", min=bound)
    return AttributeCondition(attribute="age", max=bound)


@st.composite
def _condition(draw: st.DrawFn, plain: list[Item], scale_map: dict[str, Scale]) -> Condition:
    kind = draw(st.sampled_from(["leaf", "all", "any"]))
    if kind == "leaf":
        return draw(_leaf(plain, scale_map))
    parts = tuple(draw(st.lists(_leaf(plain, scale_map), min_size=1, max_size=3)))
    return AllOf(all=parts) if kind == "all" else AnyOf(any=parts)


def _whole(item: Item, scale_map: dict[str, Scale]) -> bool:
    s = scale_map[item.scale]
    values = [o.value for o in s.options] + [b.points for b in s.bins]
    return all(v >= 0 and float(v).is_integer() for v in values)


@st.composite
def derived(  # noqa: PLR0917  # a composite strategy takes what it builds on
    draw: st.DrawFn,
    langs: tuple[str, ...],
    items: list[Item],
    scale_map: dict[str, Scale],
    new_ids: list[str],
    domains: list[str],
) -> list[Item]:
    """Computed items reading the plain items, earlier computed items and the age."""
    n = draw(st.integers(0, len(new_ids)))
    if n == 0:
        return []
    mins = sorted(draw(st.sets(st.integers(1, 5), min_size=1, max_size=3)))
    starts = [0, *mins]
    points = draw(st.lists(st.integers(0, 3), min_size=len(starts), max_size=len(starts)))
    scale = Scale(
        id="zz-cnt",
        label=draw(texts(langs)),
        kind=ScaleKind.COUNT,
        bins=tuple(
            Bin(min=m, max=starts[i + 1] - 1 if i + 1 < len(starts) else None, points=points[i])
            for i, m in enumerate(starts)
        ),
    )
    scale_map[scale.id] = scale
    plain = [i for i in items if i.derive is None]
    out: list[Item] = []
    for k in range(n):
        readable = [i for i in plain + out if _whole(i, scale_map)]
        kind = draw(st.sampled_from(["count", "cond", "value", "sum", "max", "min"]))
        d: Derivation
        if kind in ("sum", "max", "min") and readable:
            chosen = tuple(
                i.id for i in draw(st.lists(st.sampled_from(readable), min_size=1, max_size=3))
            )
            d = (
                SumOf(sum_of=chosen)
                if kind == "sum"
                else MaxOf(max_of=chosen)
                if kind == "max"
                else MinOf(min_of=chosen)
            )
        elif kind == "value":
            d = ValueOf(value_of="age")
        elif kind == "cond":
            d = draw(_condition(plain, scale_map))
        else:
            d = CountOf(
                count_of=tuple(draw(st.lists(_condition(plain, scale_map), min_size=1, max_size=3)))
            )
        role = draw(st.sampled_from(list(Role)))
        out.append(
            Item(
                id=new_ids[k],
                domain=draw(st.sampled_from(domains)) if role in RISK_ROLES else None,
                role=role,
                scale=scale.id,
                weight=draw(st.sampled_from([1, 2, 0.5])),
                text=draw(texts(langs)),
                applies_when=draw(applies_when()),
                provenance=Provenance(basis=Basis.LOCAL),
                derive=d,
            )
        )
    return out


#: issue 24: weights chosen by kon (one value falls to the plain weight) or by age bins
WEIGHT_RULES = (
    WeightBy(
        attribute="kon",
        cases=(WeightCase(in_=("flicka",), weight=1), WeightCase(in_=("pojke",), weight=3)),
    ),
    WeightBy(
        attribute="kon",
        cases=(WeightCase(in_=("flicka",), weight=3), WeightCase(in_=("pojke",), weight=0)),
    ),
    WeightBy(attribute="age", cases=(WeightCase(max=14, weight=2), WeightCase(min=18, weight=-1))),
)


@st.composite
def with_weights(draw: st.DrawFn, items: list[Item], domains: list[str]) -> list[Item]:
    """Some risk items get their own weight in the total score or in their domain, and
    some a weight chosen by a subject attribute (issue 24), on the item or per score."""
    out = []
    for plain in items:
        item = plain
        if item.role in RISK_ROLES and draw(st.booleans()):
            targets = ["total"] + ([item.domain] if item.domain in domains else [])
            chosen = draw(st.lists(st.sampled_from(targets), min_size=1, max_size=2, unique=True))
            weights = tuple(
                ScoreWeight(
                    score=t,
                    weight=draw(st.sampled_from([3, -1, 0.5])),
                    weight_by=draw(st.none() | st.sampled_from(WEIGHT_RULES)),
                )
                for t in chosen
            )
            item = attrs.evolve(item, weights=weights)
        if draw(st.integers(0, 3)) == 0:
            item = attrs.evolve(item, weight_by=draw(st.sampled_from(WEIGHT_RULES)))
        out.append(item)
    return out


def has_weight_rule(items: list[Item], target: str) -> bool:
    """Whether a subject attribute chooses some item's weight in ``target`` (issue 24)."""
    return any(i.weight_rule(target)[1] is not None for i in items)


@st.composite
def flags(
    draw: st.DrawFn, langs: tuple[str, ...], items: list[Item], scale_map: dict[str, Scale]
) -> list[Flag]:
    """Flags testing plain answers and the subject's age together."""
    plain = [i for i in items if i.derive is None]
    n = draw(st.integers(0, 2))
    return [
        Flag(id=f"flag{k}", when=draw(_condition(plain, scale_map)), label=draw(texts(langs)))
        for k in range(n)
    ]


#: JSON values a hostile document puts where another type belongs (issue 22).
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(HOSTILE_TOKENS),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["url", "extension", "item", "linkId", "x"]), inner),
    ),
    max_leaves=6,
)


def _json_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _json_paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _json_paths(v, (*path, i))
    return found


@st.composite
def json_mutated(draw: st.DrawFn, base: Any) -> Any:
    """A deep copy of the JSON value ``base`` with one to three values (a whole list, an
    object, a leaf; the top level included) replaced by a value of any other type."""
    value = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_json_paths(value)))
        new = draw(json_values)
        if not path:
            return new
        holder = value
        for part in path[:-1]:
            holder = holder[part]
        holder[path[-1]] = new
    return value


@st.composite
def bytes_mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` with one to three spans replaced by a hostile token or cut (XML in a zip)."""
    out = base
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(out)))
        end = min(len(out), start + draw(st.integers(0, 40)))
        token = draw(st.sampled_from([*HOSTILE_TOKENS, "<", ">", "</c>", "&", "&a;", ""]))
        out = out[:start] + token.encode("utf-8") + out[end:]
    return out
