#!/usr/bin/env python3
"""Time igraph's or networkx's versions of Backbone's network metrics on an
edge list written by bench/network/gen, printing one JSON line per
measurement in the same form as bench/network/run (see README.md).

    /usr/bin/python3 bench/network/peers.py igraph bench/out/network/p10k.edges
    /usr/bin/python3 bench/network/peers.py networkx bench/out/network/p1k.edges

Run each library in its own process, so its peak RSS is its own.
--no-exact skips exact closeness and betweenness. networkx's pure-Python
closeness, betweenness and constraint are skipped above 1,000 nodes
(betweenness alone takes about 690 s at 10k here), its sampled betweenness
above 10,000, and networkx altogether above 10,000 nodes; each skip is
printed as a "skipped" line.
"""
import argparse
import json
import resource
import time


def emit(tool, metric, seconds=None, value=None, skipped=None):
    r = {"tool": tool, "metric": metric}
    if seconds is not None:
        r["seconds"] = seconds
    if value is not None:
        r["value"] = value
    if skipped is not None:
        r["skipped"] = skipped
    print(json.dumps(r), flush=True)


def rss_mb():
    """Peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_edges(path):
    with open(path) as f:
        head = f.readline().split()
        n = int(head[2])
        edges = [tuple(map(int, line.split())) for line in f if line.strip()]
    return n, edges


def timed(tool, metric, f):
    t = time.perf_counter()
    out = f()
    emit(tool, metric, seconds=time.perf_counter() - t)
    return out


def run_igraph(path, exact, pivots):
    import igraph as ig

    tool = "igraph"
    emit(tool, "base_rss_mb", value=rss_mb())
    g = timed(tool, "load", lambda: ig.Graph(*read_edges(path)))
    n = g.vcount()
    emit(tool, "nodes", value=n)
    timed(tool, "density", lambda: g.density())
    timed(tool, "components", lambda: g.connected_components().sizes())
    timed(tool, "isolates", lambda: [v for v, d in enumerate(g.degree()) if d == 0])
    timed(tool, "degree", lambda: [d / (n - 1) for d in g.degree()])
    timed(tool, "eigenvector", lambda: g.eigenvector_centrality(scale=False))
    timed(tool, "constraint", lambda: g.constraint())
    emit(tool, "brokers", skipped="no equivalent")
    if exact:
        timed(tool, "closeness", lambda: g.closeness())
        timed(tool, "betweenness", lambda: g.betweenness())
    else:
        emit(tool, "closeness", skipped="exact skipped at this size")
        emit(tool, "betweenness", skipped="exact skipped at this size")
    emit(tool, "sampled_betweenness", skipped="igraph has no pivot sampling")


def run_networkx(path, exact, pivots):
    import networkx as nx

    tool = "networkx"
    emit(tool, "base_rss_mb", value=rss_mb())

    def load():
        n, edges = read_edges(path)
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(edges)
        return G

    G = timed(tool, "load", load)
    n = len(G)
    emit(tool, "nodes", value=n)
    if n > 10000:
        emit(tool, "all", skipped="networkx not run above 10,000 nodes")
        return
    timed(tool, "density", lambda: nx.density(G))
    timed(tool, "components", lambda: [len(c) for c in nx.connected_components(G)])
    timed(tool, "isolates", lambda: list(nx.isolates(G)))
    timed(tool, "degree", lambda: nx.degree_centrality(G))
    timed(tool, "eigenvector", lambda: nx.eigenvector_centrality(G))
    small = n <= 1000
    if small:
        timed(tool, "constraint", lambda: nx.constraint(G))
    else:
        emit(tool, "constraint", skipped="pure Python, skipped above 1,000 nodes")
    emit(tool, "brokers", skipped="no equivalent")
    if exact and small:
        timed(tool, "closeness", lambda: nx.closeness_centrality(G))
        timed(tool, "betweenness", lambda: nx.betweenness_centrality(G))
    else:
        emit(tool, "closeness", skipped="skipped above 1,000 nodes")
        emit(tool, "betweenness", skipped="skipped above 1,000 nodes (about 690 s at 10k)")
    timed(tool, "sampled_betweenness", lambda: nx.betweenness_centrality(G, k=min(pivots, n), seed=1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("lib", choices=["igraph", "networkx"])
    p.add_argument("edges")
    p.add_argument("--no-exact", action="store_true")
    p.add_argument("--pivots", type=int, default=500)
    a = p.parse_args()
    (run_igraph if a.lib == "igraph" else run_networkx)(a.edges, not a.no_exact, a.pivots)
    emit(a.lib, "peak_rss_mb", value=rss_mb())


if __name__ == "__main__":
    main()
