"""The API reference check: every exported function and class (a module's `__all__`) has a docstring and is shown
by a show_doc in the processed notebooks (_proc/, made by tools/build_docs.py or `nbdev_proc_nbs`), and so is every
library name that the text links to (nbdev links `Name.method` in backticks to its show_doc). Also lists the
`forward` methods of exported classes that have no docstring (STYLE.md: shapes go there).

Reports only, and exits 0, unless `--strict` (what tools/test.sh runs): then it exits 1 on any finding.
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

def proc_texts(proc:Path=root/'_proc') -> tuple:
    "(show_doc outputs, all markdown) of the processed notebooks, each as one text."
    shows, texts = [], []
    for nb in proc.glob('*.ipynb'):
        for c in json.loads(nb.read_text())['cells']:
            if c['cell_type'] == 'markdown': texts.append(''.join(c.get('source', '')))
            for o in c.get('outputs', []):
                md = ''.join(o.get('data', {}).get('text/markdown', ''))
                shows.append(md); texts.append(md)
    return '\n'.join(shows), '\n'.join(texts)

def shown_names(shows:str) -> set:
    "Names that a show_doc output displays (its heading)."
    return set(re.findall(r'^#+\s+(\S+)\s*$', shows, re.M))

def linked_unshown(texts:str, shown:set, lib:str='dynroute') -> list:
    "(module, name) of library names that nbdev's doc links in the text point to, but no show_doc displays."
    from nbdev.config import get_config
    cfg = get_config()
    site = f"{cfg.doc_host.rstrip('/')}{cfg.doc_baseurl.rstrip('/')}/"
    syms = importlib.import_module(f'{lib}._modidx').d['syms']
    return sorted((mod.split('.', 1)[1], sym[len(mod) + 1:]) for mod, d in syms.items() for sym, (link, _) in d.items()
                  if sym[len(mod) + 1:] not in shown and f'({site}{link})' in texts)

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
    nbs, (shows, texts) = module_notebooks(), proc_texts()
    shown = shown_names(shows)
    if not shown: sys.exit('check_api_docs: no show_doc output in _proc/: build the docs first (python tools/build_docs.py)')
    linked = linked_unshown(texts, shown)
    names = exported()
    no_doc = [(m, n) for m, n, o in names if not own_doc(o).strip()]
    not_shown = [(m, n) for m, n, o in names if n not in shown]
    no_fwd = [(m, f'{n}.forward') for m, n, o in names if inspect.isclass(o) and 'forward' in o.__dict__
              and not (o.__dict__['forward'].__doc__ or '').strip()]
    for what, lst in (('no docstring', no_doc), ('no show_doc', not_shown), ('linked in the text, no show_doc', linked),
                      ('forward without a docstring', no_fwd)):
        for m in sorted({m for m, _ in lst}):
            print(f"api docs: {nbs[m]:<28} {what}: {', '.join(n for mm, n in lst if mm == m)}")
    bad = len(no_doc) + len(not_shown) + len(linked) + len(no_fwd)
    print(f"check_api_docs: {len(names)} exported functions and classes; {len(no_doc)} without a docstring, "
          f"{len(not_shown)} without a show_doc; {len(linked)} names linked in the text without a show_doc; "
          f"{len(no_fwd)} forward methods without a docstring"
          f"{'' if strict else ' (report only: --strict fails on any)'}")
    sys.exit(1 if strict and bad else 0)

if __name__ == '__main__': main()
