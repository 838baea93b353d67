"""The API reference check: every exported function and class (a module's `__all__`) has a docstring and is shown
by a show_doc in the processed notebooks (_proc/, made by tools/build_docs.py or `nbdev_proc_nbs`). Also lists the
`forward` methods of exported classes that have no docstring (STYLE.md: shapes go there).

Reports only, and exits 0, unless `--strict`: then it exits 1 when an exported name lacks a docstring or a show_doc.
Usage: python tools/check_api_docs.py [--strict]"""
import importlib, inspect, json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def module_notebooks(nbs:Path=root/'nbs') -> dict:
    "Module name -> the notebook that exports it (its `#| default_exp`)."
    res = {}
    for nb in sorted(nbs.glob('*.ipynb')):
        m = re.search(r'#\|\s*default_exp\s+([\w.]+)', nb.read_text())
        if m: res[m.group(1)] = nb.name
    return res

def shown_names(proc:Path=root/'_proc') -> set:
    "Names that a show_doc output displays (its heading) in the processed notebooks."
    names = set()
    for nb in proc.glob('*.ipynb'):
        for c in json.loads(nb.read_text())['cells']:
            for o in c.get('outputs', []):
                md = o.get('data', {}).get('text/markdown', '')
                names |= set(re.findall(r'^#+\s+(\S+)\s*$', ''.join(md), re.M))
    return names

def own_doc(o) -> str:
    "The docstring `o` itself has (a class does not inherit one here)."
    return (o.__dict__.get('__doc__') if inspect.isclass(o) else getattr(o, '__doc__', None)) or ''

def exported(lib:str='dynroute') -> list:
    "(module, name, object) for each function and class a module of `lib` exports and defines."
    res = []
    for mod_name in module_notebooks():
        mod = importlib.import_module(f'{lib}.{mod_name}')
        for n in getattr(mod, '__all__', []):
            o = getattr(mod, n)
            if (inspect.isclass(o) or inspect.isfunction(o)) and o.__module__ == mod.__name__: res.append((mod_name, n, o))
    return res

def main():
    strict = '--strict' in sys.argv
    sys.path.insert(0, str(root))
    nbs, shown = module_notebooks(), shown_names()
    if not shown: sys.exit('check_api_docs: no show_doc output in _proc/: build the docs first (python tools/build_docs.py)')
    names = exported()
    no_doc = [(m, n) for m, n, o in names if not own_doc(o).strip()]
    not_shown = [(m, n) for m, n, o in names if n not in shown]
    no_fwd = [(m, f'{n}.forward') for m, n, o in names if inspect.isclass(o) and 'forward' in o.__dict__
              and not (o.__dict__['forward'].__doc__ or '').strip()]
    for what, lst in (('no docstring', no_doc), ('no show_doc', not_shown), ('forward without a docstring', no_fwd)):
        for m in sorted({m for m, _ in lst}):
            print(f"api docs: {nbs[m]:<28} {what}: {', '.join(n for mm, n in lst if mm == m)}")
    bad = len(no_doc) + len(not_shown)
    print(f"check_api_docs: {len(names)} exported functions and classes; {len(no_doc)} without a docstring, "
          f"{len(not_shown)} without a show_doc; {len(no_fwd)} forward methods without a docstring"
          f"{'' if strict else ' (report only: --strict fails on the first two)'}")
    sys.exit(1 if strict and bad else 0)

if __name__ == '__main__': main()
