"""Check the gating explorer in a real browser: start JupyterLab on a copy of nbs/15_explore.ipynb (in a temporary
folder, so that JupyterLab's autosave never touches the repository), open it in Debian's chromium driven by
Playwright (no browser download), run all cells, and confirm that the explorer widget renders with a live kernel:
its controls, the strip of blocks, the image and both figures (images loaded, of non-zero size); then click
"draw an image" and confirm that the view changes (a round trip through the kernel). Screenshots of the widget go to
_docs/screenshots/15_explore-lab.png (the page) and 15_explore-widget.png (the widget alone).
Prints one summary line; exits 1 if the widget does not render.

Usage: python tools/check_lab.py [--chromium /usr/bin/chromium] [--timeout 300]"""
import argparse, json, os, secrets, shutil, socket, subprocess, sys, tempfile, time
from pathlib import Path

from playwright.sync_api import sync_playwright

root = Path(__file__).resolve().parent.parent
NOTEBOOK = 'nbs/15_explore.ipynb'

def free_port() -> int:
    "A free TCP port on 127.0.0.1."
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def start_lab(folder:Path, port:int, token:str, log):
    "JupyterLab serving `folder` on 127.0.0.1:`port`, its settings, workspaces and runtime files kept in `folder` (none of the user's touched)."
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(folder/'.lab-settings'), JUPYTERLAB_WORKSPACES_DIR=str(folder/'.lab-workspaces'),
               JUPYTER_RUNTIME_DIR=str(folder/'.runtime'), JUPYTER_DATA_DIR=str(folder/'.data'),
               PYTHONPATH=os.pathsep.join(p for p in (str(root), os.environ.get('PYTHONPATH')) if p))   # the kernel imports this checkout's dynroute
    env.setdefault('OMP_NUM_THREADS', '1')
    tracker = folder/'.lab-settings'/'@jupyterlab'/'notebook-extension'/'tracker.jupyterlab-settings'
    tracker.parent.mkdir(parents=True, exist_ok=True)
    tracker.write_text(json.dumps(dict(windowingMode='none', autoStartDefaultKernel=True)))   # every cell in the page; no kernel dialog
    news = folder/'.lab-settings'/'@jupyterlab'/'apputils-extension'/'notification.jupyterlab-settings'
    news.parent.mkdir(parents=True, exist_ok=True); news.write_text(json.dumps(dict(fetchNews='false')))
    cmd = [sys.executable, '-m', 'jupyterlab', '--no-browser', f'--port={port}', '--ip=127.0.0.1', f'--ServerApp.root_dir={folder/"nb"}',
           f'--IdentityProvider.token={token}', '--ServerApp.port_retries=0', '--allow-root', '--LabApp.news_url=None', '--LabApp.extension_manager=readonly',
           '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate']
    return subprocess.Popen(cmd, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)

def wait_http(url:str, proc, timeout:float):
    "Wait until `url` answers (or the server process ends)."
    import urllib.request
    t0 = time.time()
    while time.time() - t0 < timeout:
        if proc.poll() is not None: raise RuntimeError(f'JupyterLab exited with code {proc.returncode}')
        try:
            with urllib.request.urlopen(url, timeout=2): return
        except OSError: time.sleep(0.5)
    raise TimeoutError(f'JupyterLab did not answer at {url} within {timeout:.0f} s')

# Runs in the page: what the explorer widget shows.
MEASURE = r"""() => {
  const w = document.querySelector('.gate-explorer');
  if (!w) return null;
  const vis = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const imgs = [...w.querySelectorAll('img')];
  return {
    visible: vis(w), sliders: w.querySelectorAll('.widget-slider').length, dropdowns: w.querySelectorAll('select').length,
    buttons: w.querySelectorAll('button').length, blocks: w.querySelectorAll('.block-strip .blk').length,
    lit: w.querySelectorAll('.block-strip .blk.on').length,
    imgs: imgs.length, imgsOk: imgs.filter(i => i.complete && i.naturalWidth > 0 && vis(i)).length,
    info: (w.querySelector('.widget-html-content b') || {}).innerText || '',
    text: w.innerText,
  };
}"""

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--chromium', default=os.environ.get('CHROMIUM') or shutil.which('chromium') or '/usr/bin/chromium',
                    help="the system's chromium (Debian: apt-get install chromium)")
    ap.add_argument('--timeout', type=float, default=300, help='seconds for the notebook to run and the widget to render')
    ap.add_argument('--shots', default=str(root/'_docs'/'screenshots'), help='folder for the screenshots')
    a = ap.parse_args()
    if not Path(a.chromium).is_file(): sys.exit(f'check_lab: no chromium at {a.chromium}: apt-get install chromium, or pass --chromium PATH')
    t0 = time.time()
    shots = Path(a.shots); shots.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix='dynroute-lab-'))
    nb = json.loads((root/NOTEBOOK).read_text())
    for c in nb['cells']:   # a fresh run: the outputs come from the kernel, not from the file
        if c['cell_type'] == 'code': c['outputs'], c['execution_count'] = [], None
    name = Path(NOTEBOOK).name
    (tmp/'nb').mkdir(); (tmp/'nb'/name).write_text(json.dumps(nb))
    port, token = free_port(), secrets.token_hex(16)
    log = open(tmp/'lab.log', 'w')
    lab = start_lab(tmp, port, token, log)
    problems, m, changed = [], None, None
    try:
        base = f'http://127.0.0.1:{port}'
        wait_http(f'{base}/api/status?token={token}', lab, 60)
        t_lab = time.time() - t0
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=a.chromium, args=['--no-sandbox'])
            pg = browser.new_context(viewport=dict(width=1400, height=1000)).new_page()
            errors = []
            pg.on('pageerror', lambda e: errors.append(f'script error: {e}'))
            pg.goto(f'{base}/lab/tree/{name}?token={token}', wait_until='load')
            pg.wait_for_selector('.jp-Notebook .jp-Cell', timeout=60_000)
            try: pg.locator('.jp-Dialog').get_by_role('button', name='Select').click(timeout=5_000)   # the kernel dialog, if it still asks
            except Exception: pass
            pg.get_by_role('menuitem', name='Run', exact=True).click()
            pg.get_by_text('Run All Cells', exact=True).click()
            try: pg.wait_for_function('() => { const w = document.querySelector(".gate-explorer"); return w && w.querySelectorAll(".block-strip .blk").length > 0'
                                      ' && [...w.querySelectorAll("img")].filter(i => i.naturalWidth > 0).length >= 3; }', timeout=a.timeout * 1000)
            except Exception as e: problems.append(f'the explorer did not render within {a.timeout:.0f} s ({type(e).__name__})')
            m = pg.evaluate(MEASURE)
            if m:
                pg.locator('.gate-explorer').scroll_into_view_if_needed()
                pg.screenshot(path=str(shots/'15_explore-lab.png'))
                pg.locator('.gate-explorer').screenshot(path=str(shots/'15_explore-widget.png'))
                before = m['text']
                pg.locator('.gate-explorer button', has_text='draw an image').click()   # a round trip through the kernel
                try:
                    pg.wait_for_function('t => document.querySelector(".gate-explorer").innerText != t', arg=before, timeout=30_000)
                    changed = True
                except Exception: changed = False
                if not changed: problems.append('clicking "draw an image" did not change the view (no live kernel?)')
                if m['sliders'] < 3 or m['dropdowns'] < 2: problems.append(f"controls: {m['sliders']} sliders, {m['dropdowns']} dropdowns shown")
                if m['imgsOk'] < 3: problems.append(f"images: {m['imgsOk']} of {m['imgs']} loaded and visible")
            else:
                pg.screenshot(path=str(shots/'15_explore-lab.png'), full_page=True)   # what the page showed instead
                errs = pg.evaluate('() => [...document.querySelectorAll(".jp-OutputArea-output[data-mime-type*=error], .jp-RenderedText[data-mime-type*=stderr]")].map(e => e.innerText.slice(0, 300))')
                problems += [f'cell output: {e}' for e in errs[:3]]
                if not problems: problems.append('no explorer widget in the page')
            problems += [e for e in errors if 'widget' in e.lower() or 'explore' in e.lower()]
            browser.close()
    except Exception as e:
        problems.append(f'{type(e).__name__}: {e}'.splitlines()[0])
    finally:
        lab.terminate()
        try: lab.wait(20)
        except subprocess.TimeoutExpired: lab.kill()
        log.close()
    if problems and (tmp/'lab.log').exists(): print((tmp/'lab.log').read_text()[-3000:])
    shutil.rmtree(tmp, ignore_errors=True)
    facts = (f"{m['blocks']} blocks in the strip ({m['lit']} lit), {m['imgsOk']} images, {m['sliders']} sliders, "
             f"'draw an image' {'changed' if changed else 'did not change'} the view" if m else 'no widget')
    rel = shots.relative_to(root) if shots.is_relative_to(root) else shots
    print(f"check_lab: {'ok' if not problems else 'FAIL'}: the gating explorer in JupyterLab: {facts}; "
          f"screenshots {rel}/15_explore-lab.png, 15_explore-widget.png ({time.time() - t0:.0f} s)")
    for p in problems: print(f'       {p}')
    sys.exit(1 if problems else 0)

if __name__ == '__main__': main()
