#!/usr/bin/env python3
"""Write the expected metric values for internal/network/metrics' tests.

For a few known graphs it writes testdata/<name>.json holding the edge list
and networkx's values (the reference Backbone's metrics follow), plus
igraph's values converted to networkx's normalization where the two define
the same thing, so the Go tests check against both without needing Python.

Run with Debian's python3 (python3-networkx, python3-igraph):

    /usr/bin/python3 bench/network/expected.py

from the repository root. The output is deterministic: commit it.
"""
import json
import math
import os
import sys

import igraph as ig
import networkx as nx

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "internal", "network", "metrics", "testdata")


def nan_to_none(xs):
    return [None if (x is None or (isinstance(x, float) and math.isnan(x))) else x for x in xs]


def relabel(G):
    """Nodes as 0..n-1 (sorted by label), in that order."""
    order = sorted(G.nodes(), key=str) if not all(isinstance(v, int) for v in G) else sorted(G.nodes())
    index = {v: i for i, v in enumerate(order)}
    H = nx.DiGraph() if G.is_directed() else nx.Graph()
    H.add_nodes_from(range(len(order)))
    for u, v, d in G.edges(data=True):
        H.add_edge(index[u], index[v], **d)
    return H, [str(v) for v in order]


def constraint(G):
    """networkx's constraint, except that a directed node with only incoming
    ties gets the value of networkx's own formula instead of NaN (see the
    Go doc comment)."""
    c = nx.constraint(G)
    for v in G:
        if math.isnan(c[v]) and len(set(nx.all_neighbors(G, v))) > 0:
            c[v] = sum(nx.algorithms.structuralholes.local_constraint(G, v, w) for w in set(nx.all_neighbors(G, v)))
    return [c[v] for v in range(len(G))]


def expected(G):
    n = len(G)
    nodes = range(n)
    e = {
        "density": nx.density(G),
        "components": sorted(
            (len(c) for c in (nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G))),
            reverse=True,
        ),
        "isolates": sorted(nx.isolates(G)),
        "degree": [G.degree(v) for v in nodes],
        "degree_centrality": [nx.degree_centrality(G)[v] for v in nodes],
        "betweenness": [nx.betweenness_centrality(G)[v] for v in nodes],
        "closeness": [nx.closeness_centrality(G)[v] for v in nodes],
        "constraint": nan_to_none(constraint(G)),
    }
    if G.is_directed():
        e["in_degree"] = [G.in_degree(v) for v in nodes]
        e["out_degree"] = [G.out_degree(v) for v in nodes]
        e["in_degree_centrality"] = [nx.in_degree_centrality(G)[v] for v in nodes]
        e["out_degree_centrality"] = [nx.out_degree_centrality(G)[v] for v in nodes]
    try:
        ev = nx.eigenvector_centrality(G)
        e["eigenvector"] = [ev[v] for v in nodes]
    except nx.PowerIterationFailedConvergence:
        e["eigenvector"] = None  # the Go side must report non-convergence too
    if all("weight" in d for _, _, d in G.edges(data=True)) and G.number_of_edges() > 0:
        ev = nx.eigenvector_centrality(G, weight="weight")
        e["eigenvector_weighted"] = [ev[v] for v in nodes]
    return e


def igraph_values(G, nx_expected):
    """igraph's values in networkx's normalization, checked against networkx."""
    n = len(G)
    g = ig.Graph(n=n, edges=list(G.edges()), directed=G.is_directed())
    out = {}
    raw = g.betweenness(directed=G.is_directed())
    scale = 1.0 / ((n - 1) * (n - 2))
    if not G.is_directed():
        scale *= 2  # igraph counts each unordered pair once
    out["betweenness"] = [b * scale for b in raw]
    mode = "in" if G.is_directed() else "all"
    clo = g.closeness(mode=mode, normalized=True)
    reach = g.neighborhood_size(order=n, mode=mode)
    out["closeness"] = [0.0 if math.isnan(c) else c * (r - 1) / (n - 1) for c, r in zip(clo, reach)]
    out["degree"] = g.degree()
    if not G.is_directed():
        out["constraint"] = nan_to_none(g.constraint())
        if nx.is_connected(G):
            ev = g.eigenvector_centrality(scale=True)
            norm = math.sqrt(sum(x * x for x in ev))
            out["eigenvector"] = [x / norm for x in ev]
    for k, vs in out.items():
        ref = nx_expected[k]
        # networkx stops its power iteration at a loose tolerance; igraph solves
        # the eigenproblem (ARPACK), so they agree only to about 1e-5.
        tol = 2e-5 if k == "eigenvector" else 1e-9
        diff = max(
            (abs(a - b) for a, b in zip(vs, ref) if a is not None and b is not None),
            default=0.0,
        )
        mism = sum(1 for a, b in zip(vs, ref) if (a is None) != (b is None))
        print(f"    igraph {k:12s} max |igraph - networkx| = {diff:.2e}{'' if mism == 0 else f', {mism} NaN mismatches'}")
        if diff > tol or mism:
            print(f"    (dropping igraph {k}: it defines it differently here)")
            out[k] = None
    return {k: v for k, v in out.items() if v is not None}


def graphs():
    karate = nx.karate_club_graph()  # carries weights (networkx >= 2.7)
    yield "karate", karate
    yield "florentine", nx.florentine_families_graph()
    # Sparse: several components and isolates, so the disconnected-graph
    # rules (Wasserman-Faust, component sizes) are exercised.
    yield "random200", nx.gnp_random_graph(200, 0.015, seed=42)
    yield "random200_directed", nx.gnp_random_graph(200, 0.02, seed=7, directed=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    print(f"networkx {nx.__version__}, igraph {ig.__version__}")
    for name, G0 in graphs():
        G, labels = relabel(G0)
        print(f"{name}: n={len(G)} m={G.number_of_edges()} directed={G.is_directed()}")
        doc = {
            "name": name,
            "source": f"networkx {nx.__version__}, igraph {ig.__version__}; bench/network/expected.py",
            "n": len(G),
            "directed": G.is_directed(),
            "labels": labels,
            "edges": [[u, v] for u, v in G.edges()],
        }
        if all("weight" in d for _, _, d in G.edges(data=True)) and G.number_of_edges() > 0:
            doc["weights"] = [d["weight"] for _, _, d in G.edges(data=True)]
        doc["networkx"] = expected(G)
        doc["igraph"] = igraph_values(G, doc["networkx"])
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(doc, f, indent=None, separators=(",", ":"))
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
