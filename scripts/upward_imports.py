"""Count imports between Helhed's apps that point up the layers, and pairs of apps that import each other.

    .venv/bin/python scripts/upward_imports.py

The layer order is the import-linter contract in pyproject.toml (apps in one layer may not import each other
either). Tests are left out, as in the contract. Prints every offending import and the two counts.
"""

import itertools
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    return [[app.strip() for app in layer.split("|")] for layer in contract["layers"]]


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or ".tests" in module or module.endswith(".conftest"):
        return None
    return ".".join(parts[:2])


def main() -> None:
    graph = grimp.build_graph("helhed", cache_dir=None)
    rank = {app: i for i, layer in enumerate(reversed(layers())) for app in layer}
    edges = set()
    upward = []
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = app_of(importer), app_of(imported)
            if not a or not b or a == b or a not in rank or b not in rank:
                continue
            edges.add((a, b))
            if rank[b] >= rank[a]:
                upward.append(f"{importer} -> {imported}")
    mutual = sorted({tuple(sorted(pair)) for pair in itertools.permutations({a for a, _ in edges}, 2)
                     if pair in edges and pair[::-1] in edges})
    for line in sorted(upward):
        print("up or sideways:", line)
    for a, b in mutual:
        print("import each other:", a, "<->", b)
    print(f"{len(upward)} imports up or sideways between apps; {len(mutual)} pairs of apps import each other")


if __name__ == "__main__":
    main()
