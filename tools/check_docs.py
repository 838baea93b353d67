"""Check the docs site in _docs/ (made by tools/build_docs.py) in a real browser: Debian's chromium, driven by
Playwright with the system browser (no browser download). The site is served on 127.0.0.1. For every page: it loads
without console errors, failed requests or script errors; it shows its title; it shows its code cells and its
figures (images loaded, of non-zero rendered size) in the numbers the notebook has; its equations typeset without
errors and no raw markdown or TeX is left; every link to another page of the site resolves (file and anchor). A doc
link to a library name that no show_doc displays is reported, not failed, for now (as tools/check_api_docs.py).
A screenshot of each page goes to _docs/screenshots/NAME.png (plus NAME-figure.png and NAME-math.png: the page
scrolled to its first figure and to its first displayed equation). Prints one line per page and a summary; exits 1 if a page fails.

Usage: python tools/check_docs.py [--site _docs] [--chromium /usr/bin/chromium]"""
import argparse, functools, http.server, json, os, re, shutil, sys, threading, time
from pathlib import Path
from urllib.parse import urljoin, urlsplit, unquote

from playwright.sync_api import sync_playwright

root = Path(__file__).resolve().parent.parent

def serve(site:Path):
    "Serve `site` on a free port of 127.0.0.1 in a background thread; return (server, base url)."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}/'

@functools.lru_cache(maxsize=None)
def page_ids(path:Path) -> frozenset:
    "The element ids of a built page (what a link's #anchor must name)."
    return frozenset(re.findall(r'\sid="([^"]+)"', path.read_text()))

# Runs in the page: what it shows, measured after MathJax has typeset.
MEASURE = r"""() => {
  const main = document.querySelector('main');
  const vis = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const code = [...main.querySelectorAll('.jp-CodeCell .jp-InputArea-editor')].filter(e => vis(e) && e.innerText.trim());
  const figs = main.querySelectorAll('.jp-RenderedImage img, .jp-RenderedSVG svg');   // the notebook's figures
  const badImgs = [...main.querySelectorAll('img'), ...main.querySelectorAll('.jp-RenderedSVG svg')]
    .filter(e => !vis(e) || (e.tagName == 'IMG' && !(e.complete && e.naturalWidth > 0))).length;
  // the prose as a reader sees it, without code and typeset math: no markdown or TeX may be left there
  const md = [...main.querySelectorAll('.jp-RenderedMarkdown')].map(e => {
    const c = e.cloneNode(true);
    c.querySelectorAll('code, pre, script, .MathJax, .MathJax_Display').forEach(x => x.remove());
    return c.textContent; }).join('\n');
  const raw = ['$$', '](', '**', '{target=', ':::', '\\begin{', '\\frac'].filter(s => md.includes(s));
  return {
    title: document.title, h1: (main.querySelector('h1.title') || {}).innerText || '',
    code: code.length, imgs: figs.length, badImgs,
    math: main.querySelectorAll('script[type^="math/tex"]').length,          // one per equation MathJax found
    mathShown: main.querySelectorAll('.MathJax[id$="-Frame"]').length,       // one per equation it typeset
    mathErrors: main.querySelectorAll('.MathJax_Error, .merror, [data-mjx-error]').length,
    raw, links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  };
}"""

def check_links(hrefs:list, page_url:str, base:str, site:Path, doc_links:set=frozenset()) -> tuple:
    """Links among `hrefs` to this site that do not resolve (file and anchor must exist), split into nbdev's doc links
    to library names that no show_doc displays (`doc_links`: an API-reference finding) and the others; and the number
    of external links."""
    broken, external = [], 0
    for h in hrefs:
        url = urljoin(page_url, h)
        if not url.startswith(base):
            external += urlsplit(url).scheme in ('http', 'https')
            continue
        parts = urlsplit(url)
        target = site/unquote(parts.path[len(urlsplit(base).path):] or 'index.html')
        if target.is_dir(): target = target/'index.html'
        if not target.is_file(): broken.append(h)
        elif parts.fragment and target.suffix == '.html' and unquote(parts.fragment) not in page_ids(target): broken.append(h)
    unshown = [h for h in broken if urljoin(page_url, h)[len(base):] in doc_links]
    return [h for h in broken if h not in unshown], unshown, external

def check_page(pg, p:dict, base:str, site:Path, shots:Path, doc_links:set) -> tuple:
    "Load one page and check it; return (problems, summary facts)."
    errors = []
    pg.on('console', lambda m: errors.append(f'console: {m.text}') if m.type == 'error' else None)
    pg.on('pageerror', lambda e: errors.append(f'script error: {e}'))
    pg.on('requestfailed', lambda r: errors.append(f'request failed: {r.url} ({r.failure})'))
    pg.on('response', lambda r: errors.append(f'HTTP {r.status}: {r.url}') if r.status >= 400 else None)
    url = base + p['file']
    pg.goto(url, wait_until='load')
    # MathJax 2 runs its queue in order: a callback queued now runs once the page's typesetting is done
    pg.evaluate("() => window.MathJax && MathJax.Hub ? new Promise(r => MathJax.Hub.Queue(r)) : null")
    m = pg.evaluate(MEASURE)
    problems = list(errors)
    if p['title'] not in m['title'] or m['h1'].strip() != p['title']:
        problems.append(f"title: page shows {m['h1']!r} (tab {m['title']!r}), notebook says {p['title']!r}")
    if m['code'] != p['code_cells']: problems.append(f"code cells: {m['code']} shown, notebook has {p['code_cells']}")
    if m['imgs'] != p['figures']: problems.append(f"figures: {m['imgs']} shown, notebook has {p['figures']}")
    if m['badImgs']: problems.append(f"figures: {m['badImgs']} not loaded or of zero size")
    if p['math'] and not m['math']: problems.append('math: the notebook has equations but MathJax found none')
    if m['mathShown'] != m['math']: problems.append(f"math: {m['mathShown']} of {m['math']} equations typeset")
    if m['mathErrors']: problems.append(f"math: {m['mathErrors']} equations failed to typeset")
    if m['raw']: problems.append(f"raw markdown or TeX left in the text: {m['raw']}")
    broken, unshown, external = check_links(m['links'], url, base, site, doc_links)
    if broken: problems.append(f"broken links: {broken[:5]}{' ...' if len(broken) > 5 else ''}")
    name = Path(p['file']).stem
    pg.screenshot(path=str(shots/f'{name}.png'))
    for suffix, sel in (('figure', '.jp-RenderedImage img'), ('math', '.MathJax_Display')):
        if pg.locator(sel).count():   # the page scrolled to its first figure / displayed equation, with what precedes it
            pg.evaluate("s => { document.querySelector(s).scrollIntoView(); window.scrollBy(0, -250); }", sel)
            pg.screenshot(path=str(shots/f'{name}-{suffix}.png'))
    facts = dict(code=m['code'], figures=m['imgs'], math=m['math'], links=len(m['links']) - external, external=external,
                 broken=len(broken), unshown=unshown)
    return problems, facts

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--site', default=str(root/'_docs'), help='the built site (tools/build_docs.py)')
    ap.add_argument('--chromium', default=os.environ.get('CHROMIUM') or shutil.which('chromium') or '/usr/bin/chromium',
                    help="the system's chromium (Debian: apt-get install chromium)")
    a = ap.parse_args()
    site = Path(a.site)
    if not (site/'site.json').is_file(): sys.exit(f'check_docs: no {site}/site.json: build the site first (python tools/build_docs.py)')
    if not Path(a.chromium).is_file(): sys.exit(f'check_docs: no chromium at {a.chromium}: apt-get install chromium, or pass --chromium PATH')
    manifest = json.loads((site/'site.json').read_text())
    shots = site/'screenshots'
    shutil.rmtree(shots, ignore_errors=True); shots.mkdir()
    srv, base = serve(site)
    t0, failed, n_links, n_ext, n_broken, n_unshown = time.time(), 0, 0, 0, 0, 0
    doc_links = set(manifest.get('doc_links', []))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=a.chromium, args=['--no-sandbox'])
        ctx = browser.new_context(viewport=dict(width=1280, height=900))
        for p in manifest['pages']:
            t = time.time()
            pg = ctx.new_page()
            try: problems, f = check_page(pg, p, base, site, shots, doc_links)
            except Exception as e: problems, f = [f'{type(e).__name__}: {e}'.splitlines()[0]], {}
            pg.close()
            failed += bool(problems)
            n_links += f.get('links', 0); n_ext += f.get('external', 0); n_broken += f.get('broken', 0)
            facts = (f"code cells {f['code']}, figures {f['figures']}, equations {f['math']}, "
                     f"site links {f['links']}" if f else 'not measured')
            print(f"{'FAIL' if problems else 'ok  '} {p['file']:<24} {p['title'][:40]!r:<44} {facts} ({time.time() - t:.1f} s)")
            for pr in problems: print(f'       {pr}')
            if f.get('unshown'):   # reported, not failed, like tools/check_api_docs.py for now
                print(f"       note: doc links to names that no show_doc displays: {f['unshown']}")
                n_unshown += len(f['unshown'])
        browser.close()
    srv.shutdown()
    n = len(manifest['pages'])
    print(f"check_docs: {n - failed} of {n} pages ok, {failed} failed; {n_links - n_broken - n_unshown} of {n_links} "
          f"links within the site resolve ({n_unshown} doc links to names without a show_doc: reported, not failed), "
          f"{n_ext} external links not followed (no network); screenshots in "
          f"{shots.relative_to(root) if shots.is_relative_to(root) else shots}/ ({time.time() - t0:.0f} s)")
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
