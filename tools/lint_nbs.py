"""Check the notebooks for what breaks the docs build: nbdev's docs processor (`nbdev_docs`, `nbdev_proc_nbs`)
executes exported cells and every cell that contains an import, out of order.
`python tools/lint_nbs.py --fix` splits such cells. A cell that mixes an import with other
code then runs without the cells before it and fails. Imports belong in their own cells (STYLE.md)."""
import ast, re, sys
from pathlib import Path
import nbformat

root = Path(__file__).resolve().parent.parent
EXPORT = re.compile(r'^#\|\s*(export|exports|exporti|exec_doc|eval:\s*false)\b', re.M)

def problems(path:Path) -> list:
    out = []
    nb = nbformat.read(path, as_version=4)
    for i, c in enumerate(nb.cells):
        if c.cell_type != 'code' or EXPORT.search(c.source) or 'nbdev_export(' in c.source: continue
        src = '\n'.join(l for l in c.source.splitlines() if not l.lstrip().startswith(('%', '!')))
        try: tree = ast.parse(src)
        except SyntaxError as e: out.append(f"{path.name} cell {i}: syntax error: {e}"); continue
        imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        if imports and len(imports) != len(tree.body):
            first = c.source.strip().splitlines()[0][:70]
            out.append(f"{path.name} cell {i} ({first!r}): mixes imports with other code; move the imports to their own cell")
    return out

def fix(path:Path) -> int:
    "Split each mixed cell into a cell of its directives and top-level imports, then the rest. Returns cells split."
    nb, n, cells = nbformat.read(path, as_version=4), 0, []
    for c in nb.cells:
        src = c.source
        if c.cell_type != 'code' or EXPORT.search(src) or 'nbdev_export(' in src or re.search(r'^\s*[%!]', src, re.M):
            cells.append(c); continue
        try: tree = ast.parse(src)
        except SyntaxError: cells.append(c); continue
        imp = [nd for nd in tree.body if isinstance(nd, (ast.Import, ast.ImportFrom))]
        if not imp or len(imp) == len(tree.body): cells.append(c); continue
        lines = src.splitlines()
        dirs = [l for l in lines if l.startswith('#|')]
        taken = {i for nd in imp for i in range(nd.lineno - 1, nd.end_lineno)}
        imports = [lines[i] for i in sorted(taken)]
        rest = [l for i, l in enumerate(lines) if i not in taken and not l.startswith('#|')]
        cells.append(nbformat.v4.new_code_cell('\n'.join(dirs + imports)))
        c.source = '\n'.join(dirs + rest).strip('\n'); c.outputs = c.get('outputs', [])
        cells.append(c); n += 1
    if n:
        nb.cells = cells
        nbformat.write(nb, path)
    return n

if __name__ == '__main__':
    nbs = sorted((root/'nbs').glob('*.ipynb'))
    if '--fix' in sys.argv:
        for nb in nbs:
            if (k := fix(nb)): print(f"{nb.name}: split {k} cells")
    errs = [p for nb in nbs for p in problems(nb)]
    print('\n'.join(errs) if errs else f"{len(nbs)} notebooks: imports sit in their own cells")
    sys.exit(1 if errs else 0)
