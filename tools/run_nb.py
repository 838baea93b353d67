"""Run notebooks top to bottom and save them with their outputs, which the docs site shows (tools/build_docs.py,
`nbdev_docs`). The cells `nbdev_test` skips without --flags are skipped: a test flag of settings.ini (`#| slow`,
`#| cifar`, ...), `#| eval: false`, and a notebook's own `nbdev_export()`; a failing cell stops the run and leaves the
notebook as it was. fastai's progress bars are saved as Jupyter leaves them, the final table of each; fastai's import
warning about torch.jit.script is dropped (`dynroute` silences it, but the lessons import fastai first). Then run
`nbdev_clean`.

Usage: python tools/run_nb.py nbs/30_aig.ipynb [nbs/31_codinet.ipynb ...]"""
import json, os, sys, tempfile, time
from pathlib import Path

from execnb.shell import CaptureShell
from nbdev.config import get_config
from nbdev.process import extract_directives
from fastcore.basics import AttrDict
import fastprogress.fastprogress as fp

fp.master_bar, fp.progress_bar = fp.NBMasterBar, fp.NBProgressBar   # the HTML bars Jupyter shows, not console text

def is_bar(o:dict) -> bool:
    html = ''.join(o.get('data', {}).get('text/html', ''))
    return o.get('output_type') == 'display_data' and ('<progress' in html or 'table class="fastprogress"' in html)

def is_jit_warning(o:dict) -> bool:
    return o.get('output_type') == 'stream' and o.get('name') == 'stderr' and '`torch.jit.script` is deprecated' in ''.join(o['text'])

def tidy(outputs:list) -> list:
    "Drop the jit warning, and every update of a progress bar but the last: here each is an output, in Jupyter one display."
    outs = [o for o in outputs if not is_jit_warning(o)]
    return [o for i, o in enumerate(outs) if not (is_bar(o) and i + 1 < len(outs) and is_bar(outs[i + 1]))]

def run(nb:Path, flags:list):
    "Execute `nb` in its own folder, skipping cells flagged with any of `flags`; write it back with tidy outputs."
    def skip(c):   # nbdev_test's rules (nbdev.test.test_nb): flagged cells, `#| eval: false`, a notebook's own nbdev_export()
        if c.cell_type != 'code': return False
        d = extract_directives(AttrDict(source=c.source), remove=False)
        return 'nbdev_export' + '(' in c.source or d.get('eval:', [''])[0].lower() == 'false' or bool(set(flags) & d.keys())
    cwd, t = os.getcwd(), time.time()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)/nb.name
        os.chdir(nb.parent)
        try: CaptureShell().execute(nb.name, out, exc_stop=True, preproc=skip)
        finally: os.chdir(cwd)
        d = json.loads(out.read_text())
    for c in d['cells']:
        if c['cell_type'] == 'code': c['outputs'] = tidy(c.get('outputs', []))
    nb.write_text(json.dumps(d, indent=1, ensure_ascii=False) + '\n')
    print(f"{nb}: {sum(bool(c.get('outputs')) for c in d['cells'])} cells with outputs ({time.time() - t:.0f} s)")

if __name__ == '__main__':
    if len(sys.argv) < 2 or not all(Path(p).suffix == '.ipynb' and Path(p).exists() for p in sys.argv[1:]):
        sys.exit("run_nb: name existing notebooks, e.g. python tools/run_nb.py nbs/30_aig.ipynb")
    flags = get_config().tst_flags.split()
    for p in sys.argv[1:]: run(Path(p).resolve(), flags)
