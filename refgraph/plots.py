"""Pictures for slides and notebooks: warm paths, the ego network, decay over time, and calibration.

matplotlib with the Agg backend (no display needed); each function returns a Figure and
:func:`save` writes it in the format the file name asks for (png, svg, pdf).
"""
from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

from .errors import RefgraphError
from .files import output_file

__all__ = ["paths_figure", "network_figure", "decay_figure", "calibration_figure", "save", "FORMATS"]

FORMATS = ("png", "svg", "pdf")
STALE_COLOUR = "#c0392b"
OWNER_COLOUR = "#1f3b57"


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def check_target(path: str | Path) -> str:
    """The format of an output file, or a clear error for an extension refgraph cannot write."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise RefgraphError(f"{path}: cannot write a .{suffix or '(no extension)'} picture — "
                            f"name the file .png, .svg or .pdf")
    return suffix


def save(fig, path: str | Path) -> Path:
    fmt = check_target(path)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with output_file(path) as f:   # 0600, renamed into place: never written through a link
            fig.savefig(f, format=fmt, dpi=160, bbox_inches="tight",
                        metadata={"Creator": "refgraph"} if fmt != "svg" else None)
    except OSError as exc:
        raise RefgraphError(f"{path}: cannot write the picture ({exc.strerror or exc}) — pick a folder that "
                            "you can write to") from None
    finally:
        _plt().close(fig)
    return path


def _strength_colour(strength: float):
    from matplotlib import colormaps

    return colormaps["YlGnBu"](0.35 + 0.6 * max(0.0, min(1.0, strength)))


COLD_COLOUR = "#8c8c8c"


def paths_figure(report, account: str, as_of: date):
    """The top paths drawn left (owner) to right (targets), one column per hop, each labelled with
    its strength and status (warm, reconnect, cold): a stale hop dashed red, a hop with no real
    conversation yet dotted grey."""
    paths = list(report.data)
    if not paths:
        raise RefgraphError(f"no path into {account} to draw — see refgraph path {account!r} for why")
    plt = _plt()
    columns = max(len(p["people"]) for p in paths)
    rows = len(paths)
    fig, ax = plt.subplots(figsize=(3.2 * columns + 1.5, 1.25 * rows + 1.6))
    ax.set_xlim(-0.6, columns - 0.4)
    ax.set_ylim(rows - 0.4, -0.9)
    ax.axis("off")
    for r, p in enumerate(paths):
        n = len(p["people"])
        # hop i in column i, the target always in the last column: owners left, targets right
        xs = [float(i) for i in range(n - 1)] + [float(columns - 1)]
        for i, hop in enumerate(p["hops"]):
            cold = hop.get("kind") == "relationship" and not hop.get("last_conversation")
            colour = COLD_COLOUR if cold else STALE_COLOUR if hop["stale"] else _strength_colour(hop["strength"])
            style = (0, (1, 2)) if cold else (0, (4, 3)) if hop["stale"] else "-"
            ax.plot([xs[i], xs[i + 1]], [r, r], color=colour, linewidth=1.5 + 7 * hop["strength"],
                    linestyle=style, solid_capstyle="round", zorder=1)
            label = f"{hop['strength']:.2f}"
            if cold:
                label += "  never talked"
            elif hop["stale"] and hop["from"] == p["people"][0] or hop["to"] in p["reconnect_first"]:
                label += "  reconnect first"
            ax.text((xs[i] + xs[i + 1]) / 2, r - 0.13, label, ha="center", va="bottom", fontsize=8,
                    color=colour if cold or hop["stale"] else "#333333")
        for i, name in enumerate(p["people"]):
            is_owner, is_target = i == 0, i == n - 1
            ax.scatter([xs[i]], [r], s=260, zorder=2, color=OWNER_COLOUR if is_owner else
                       ("#e67e22" if is_target else "#ffffff"), edgecolors=OWNER_COLOUR, linewidths=1.5)
            sub = p["target"]["title"] if is_target else ""
            ax.text(xs[i], r + 0.17, name + (f"\n{sub}" if sub else ""), ha="center", va="top", fontsize=8.5,
                    fontweight="bold" if is_target or is_owner else "normal")
        ax.text(-0.55, r, f"{r + 1}.  {p['strength']:.2f}\n{p.get('status', '')}", ha="right", va="center",
                fontsize=9, color="#555555", linespacing=1.4)
    ax.set_title(f"Paths into {paths[0]['target']['account']} — as of {as_of.isoformat()}",
                 fontsize=13, loc="left", pad=12)
    ax.text(columns - 0.4, -0.75, "line width and colour: strength    dashed red: stale, reconnect first    "
            "dotted grey: no real conversation yet", ha="right", va="center", fontsize=7.5, color="#666666")
    return fig


def network_figure(G, owner_id: int, accounts: dict[int, str], as_of: date, top: int = 150):
    """The owner's ego network: the *top* strongest people on rings (closer = stronger), grouped and
    coloured by target account, node size by strength, teammates marked."""
    if owner_id not in G or G.degree(owner_id) == 0:
        raise RefgraphError("no relationships to draw for this owner — import their network first")
    plt = _plt()
    neighbours = sorted(G[owner_id].items(), key=lambda kv: (-kv[1]["strength"], G.nodes[kv[0]]["name"]))[:top]
    groups = sorted({accounts.get(n, "") for n, _ in neighbours}, key=lambda a: (a == "", a))
    palette = plt.get_cmap("tab10")
    colour = {a: (palette(i % 10) if a else (0.75, 0.75, 0.75, 1.0)) for i, a in enumerate(groups)}
    # angle: one sector per account group (people without an account share the rest)
    order = sorted(neighbours, key=lambda kv: (groups.index(accounts.get(kv[0], "")), -kv[1]["strength"]))
    pos = {owner_id: (0.0, 0.0)}
    for i, (n, d) in enumerate(order):
        angle = 2 * math.pi * i / max(len(order), 1)
        radius = 0.25 + 0.75 * (1 - d["strength"])
        pos[n] = (radius * math.cos(angle), radius * math.sin(angle))
    fig, ax = plt.subplots(figsize=(11, 11))
    ax.set_aspect("equal")
    ax.axis("off")
    shown = {n for n, _ in neighbours}
    for u, v, d in G.subgraph(shown).edges(data=True):       # ties between the owner's people
        ax.plot(*zip(pos[u], pos[v]), color="#999999", linewidth=0.4 + 1.5 * d["strength"], alpha=0.35, zorder=0)
    for n, d in neighbours:
        ax.plot(*zip(pos[owner_id], pos[n]), color=_strength_colour(d["strength"]), linewidth=0.3 + 2.5 * d["strength"],
                alpha=0.5, zorder=1)
    for n, d in neighbours:
        teammate = G.nodes[n].get("owner", False)
        ax.scatter(*pos[n], s=30 + 400 * d["strength"], color=colour[accounts.get(n, "")], zorder=2,
                   edgecolors="black" if teammate else "white", linewidths=2.0 if teammate else 0.6,
                   marker="s" if teammate else "o")
    ax.scatter(0, 0, s=700, color=OWNER_COLOUR, zorder=3)
    ax.text(0, -0.09, G.nodes[owner_id]["name"], ha="center", va="top", fontsize=11, fontweight="bold")
    labelled = {n for n, _ in neighbours[:30]} | {n for n, _ in neighbours if accounts.get(n)}
    for n, _ in neighbours:                          # radial labels: each name points away from the owner
        if n not in labelled:
            continue
        x, y = pos[n]
        angle = math.degrees(math.atan2(y, x))
        flip = 90 < angle or angle < -90
        r = math.hypot(x, y) + 0.035
        ax.text(r * math.cos(math.radians(angle)), r * math.sin(math.radians(angle)), G.nodes[n]["name"],
                rotation=angle + 180 if flip else angle, rotation_mode="anchor", ha="right" if flip else "left",
                va="center", fontsize=7.5 if n in {m for m, _ in neighbours[:30]} else 6.5,
                color="#222222" if accounts.get(n) or G.nodes[n].get("owner") else "#555555")
    for r in (0.25, 0.5, 0.75, 1.0):
        ax.add_patch(plt.Circle((0, 0), r, fill=False, linestyle=":", color="#dddddd", zorder=-1))
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="", color=colour[a], label=a or "other companies", markersize=8)
               for a in groups]
    handles.append(Line2D([], [], marker="s", linestyle="", markerfacecolor="white", markeredgecolor="black",
                          label="teammate", markersize=8))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)
    ax.set_title(f"{G.nodes[owner_id]['name']}'s network — strongest {len(neighbours)} people, as of "
                 f"{as_of.isoformat()}\n(closer and larger = stronger; colour = target account)",
                 fontsize=12, loc="left")
    return fig


def decay_curve(events, start: date, end: date, params, step_days: int = 7) -> list[tuple[date, float]]:
    """Strength week by week between *start* and *end* (``explain`` at each date)."""
    from .strength import explain

    days, day = set(), start
    while day <= end:
        days.add(day)
        day += timedelta(days=step_days)
    for e in events:   # the day before and the day of each event, so jumps are drawn as jumps
        if start <= e.day <= end:
            days.update({e.day - timedelta(days=1), e.day})
    days.add(end)
    return [(d, explain(events, d, params)[0].strength) for d in sorted(days)]


def decay_figure(series: list[dict], as_of: date, params):
    """Strength over time for one or more people, conversations (●) and touches (|) on the time line."""
    from .strength import explain

    if not series or all(not s["events"] for s in series):
        raise RefgraphError("nothing to draw: none of these people has an interaction with the owner")
    if all(e.day > as_of for s in series for e in s["events"]):
        raise RefgraphError(f"nothing to draw as of {as_of}: their first interaction with the owner is later "
                            f"({min(e.day for s in series for e in s['events'])}) — draw as of a later day")
    plt = _plt()
    import matplotlib.dates as mdates

    fig, ax = plt.subplots(figsize=(11, 4.8))
    palette = plt.get_cmap("tab10")
    first = min(e.day for s in series for e in s["events"])
    start = first - timedelta(days=30)
    for i, s in enumerate(series):
        if not s["events"]:
            continue
        colour = palette(i % 10)
        curve = decay_curve(s["events"], start, as_of, params)
        ax.plot([d for d, _ in curve], [v for _, v in curve], color=colour, linewidth=2, label=s["name"])
        real = [params.is_real_conversation(e.channel, e.attendees) for e in s["events"]]   # an all-hands is a touch
        convs = [e.day for e, r in zip(s["events"], real) if r and e.day <= as_of]
        touches = [e.day for e, r in zip(s["events"], real) if not r and e.day <= as_of]
        ax.scatter(convs, [explain(s["events"], d, params)[0].strength for d in convs], color=colour, s=36,
                   zorder=3, edgecolors="white")
        ax.scatter(touches, [-0.035 - 0.03 * i] * len(touches), marker="|", color=colour, s=60)
    ax.axhline(0, color="#999999", linewidth=0.6)
    ax.set_ylim(-0.05 - 0.03 * len(series), 1.02)
    ax.set_ylabel("strength")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", frameon=False)
    ax.set_title(f"Only real conversations reset the clock — strength over time, as of {as_of.isoformat()}\n"
                 "● conversation (call, meeting, video)    | touch (email, message, endorsement, …)",
                 fontsize=11, loc="left")
    fig.autofmt_xdate()
    return fig


def calibration_figure(report, as_of: date):
    """Calibration: each strength band's mean predicted strength (x) against the rate of asks that
    were introduced (y), a point sized by its number of asks and labelled with it; the diagonal is a
    perfect model."""
    data = report.data
    bands = [b for b in data["bands"] if b["asks"]]
    if not bands:
        raise RefgraphError("no ask with an outcome to draw — log how your asks went (introduced, met, declined, "
                            "no-reply) first")
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.4, 5.6))
    ax.plot([0, 1], [0, 1], color="#999999", linewidth=1, linestyle="--", label="perfect calibration")
    xs, ys = [b["mean_strength"] for b in bands], [b["rate"] for b in bands]
    ax.plot(xs, ys, color=OWNER_COLOUR, linewidth=1.5, zorder=2)
    ax.scatter(xs, ys, s=[40 + 12 * min(b["asks"], 40) for b in bands], color=OWNER_COLOUR, zorder=3,
               edgecolors="white", label="observed rate per strength band")
    for b, x, y in zip(bands, xs, ys):
        ax.annotate(f"{b['band']}: {b['introduced']}/{b['asks']}", (x, y), textcoords="offset points",
                    xytext=(8, -12), fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("predicted: path strength at the ask (band mean)")
    ax.set_ylabel("observed: share of asks introduced")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    scores = []
    if data["brier"] is not None:
        scores.append(f"Brier {data['brier']:.3f}")
    if data["auc"] is not None:
        scores.append(f"ROC AUC {data['auc']:.3f}")
    title = (f"Does warm mean introduced? {data['scored']} {'ask' if data['scored'] == 1 else 'asks'} with an "
             f"outcome, as of {as_of.isoformat()}")
    if scores:
        title += "\n" + ", ".join(scores)
    if data["warning"]:
        title += f"\n{data['warning']}"
    ax.set_title(title, fontsize=10, loc="left")
    return fig
