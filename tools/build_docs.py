"""Build the docs site into _docs/ without Quarto (which cannot be installed here; `nbdev_docs` still works wherever
it is). Steps: nbdev's own processing into _proc/ (the steps `nbdev_docs` runs before Quarto: show_doc cells, hidden
cells, directives, doc links), then each processed notebook to HTML with nbconvert (figures embedded, code
highlighted), with the sidebar of nbs/sidebar.yml (the one Quarto reads) and MathJax served from the site itself.
Writes _docs/site.json, the list of pages and what each must show, for tools/check_docs.py.

Usage: python tools/build_docs.py"""
import fnmatch, importlib, json, os, re, shutil, sys, time
from html import escape
from pathlib import Path

import jinja2, nbformat, yaml
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

root = Path(__file__).resolve().parent.parent
MATHJAX_CONFIG = 'TeX-AMS-MML_HTMLorMML-full,Safe'   # a configuration that jupyter_server_mathjax ships

def process_notebooks(n_workers:int=2) -> list:
    "Run nbdev's processing of every notebook into _proc/ (what `nbdev_proc_nbs` does, minus its Quarto install); return the source notebooks."
    from nbdev.config import get_config
    from nbdev.doclinks import _build_modidx, nbglob
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.serve import proc_nbs
    cfg = get_config()
    refresh_quarto_yml()
    _build_modidx()
    nbdev_sidebar.__wrapped__(path=cfg.nbs_path)   # a no-op with custom_sidebar = True: nbs/sidebar.yml is the source
    # force: a cached copy keeps doc links to names that another notebook has since renamed or removed
    proc_nbs(cfg.nbs_path, n_workers=n_workers, force=True)
    # the list comes from nbs/, not from _proc/: a renamed or deleted notebook leaves a stale copy in the cache
    return sorted(Path(p).relative_to(cfg.nbs_path) for p in nbglob(cfg.nbs_path, func=Path))

def sidebar_groups(names:list, sidebar_yml:Path=root/'nbs'/'sidebar.yml') -> list:
    "Expand nbs/sidebar.yml over notebook `names` as Quarto does: [(section or None, [name, ...]), ...]."
    contents = yaml.safe_load(sidebar_yml.read_text())['website']['sidebar']['contents']
    groups, placed = [], set()
    for item in contents:
        if isinstance(item, str): section, globs = None, [item]
        else: section, globs = item['section'], item['contents']
        if isinstance(globs, str): globs = [globs]
        files = [n for n in names if any(fnmatch.fnmatch(n, g) for g in globs)]
        if section is not None: files = [n for n in files if not n.startswith('index.')]   # Quarto leaves index out of globs
        files = sorted(set(files) - placed, key=str.upper)
        placed |= set(files)
        if files: groups.append((section, files))
    missing = sorted(set(names) - placed)
    if missing:
        sys.exit(f"build_docs: {', '.join(missing)} match no section of nbs/sidebar.yml: number the notebook into a group "
                 f"or add a section for its number there")
    return groups

# ---------------------------------------------------------------------------------------------------------------------
# A processed notebook, made ready for nbconvert

_re_opt = re.compile(r'^#\|\s*([\w-]+)\s*(?::\s*(.*?))?\s*$')

def cell_options(src:str) -> tuple:
    "Split the leading `#|` lines of a code cell into a dict of options and the code a reader sees."
    lines, opts = src.splitlines(), {}
    while lines and (m := _re_opt.match(lines[0])):
        opts[m.group(1)] = (m.group(2) or '').strip('"\'')
        lines.pop(0)
    return opts, '\n'.join(lines).strip()

_re_attr_link = re.compile(r'\[([^\]]*)\]\(([^)\s]*)\)\{([^}]*)\}')

def pandoc_links(md:str) -> str:
    "Pandoc's `[text](url){attrs}` (show_doc's source links) as an HTML link, which nbconvert's markdown keeps."
    return _re_attr_link.sub(lambda m: f'<a href="{m.group(2)}" {m.group(3)}>{m.group(1)}</a>', md)

def frontmatter(nb) -> dict:
    "The YAML front matter nbdev puts in the first raw cell (title, description, output-file); removes that cell."
    for i, c in enumerate(nb.cells):
        if c.cell_type == 'raw' and c.source.lstrip().startswith('---'):
            nb.cells.pop(i)
            return yaml.safe_load(c.source.strip().strip('-')) or {}
    return {}

def prepare(nb_path:Path) -> tuple:
    "Read a processed notebook; apply Quarto's cell options; return (notebook, front matter, counts the page must show)."
    d = json.loads(nb_path.read_text())
    d['cells'] = [c for c in d['cells'] if 'source' in c]     # nbdev drops a hidden cell's source, Quarto the cell
    d['metadata'].pop('widgets', None)   # widget state would load the widget renderer from a CDN; no live widgets here
    nb = nbformat.reads(json.dumps(d), as_version=4)   # reads joins the line lists of sources and outputs
    fm = frontmatter(nb)
    keep, code_cells, figures, math = [], 0, 0, False
    for c in nb.cells:
        if c.cell_type == 'markdown':
            if c.source.strip().startswith('<!-- WARNING: THIS FILE WAS AUTOGENERATED'): continue
            c.source = pandoc_links(c.source)
            math |= bool(re.search(r'\$[^$\n]+\$|\$\$', c.source))
        elif c.cell_type == 'code':
            opts, c.source = cell_options(c.source)
            if opts.get('include') == 'false': continue
            tags = set(c.metadata.get('tags', []))
            if opts.get('echo') == 'false' or not c.source: tags.add('remove_input')
            if opts.get('output') == 'false': tags.add('remove_output')
            c.metadata['tags'] = sorted(tags)
            if 'remove_input' not in tags: code_cells += 1
            if 'remove_output' not in tags:
                for o in c.get('outputs', []):
                    data = o.get('data', {})
                    if 'text/markdown' in data: data['text/markdown'] = pandoc_links(data['text/markdown'])
                    figures += any(k in data for k in ('image/png', 'image/jpeg', 'image/svg+xml'))
            if not c.source and not c.get('outputs'): continue
        keep.append(c)
    nb.cells = keep
    return nb, fm, dict(code_cells=code_cells, figures=figures, math=math)

# ---------------------------------------------------------------------------------------------------------------------
# HTML

PAGE = r"""{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  tex2jax: { inlineMath: [['$','$'], ['\\(','\\)']], displayMath: [['$$','$$'], ['\\[','\\]']],
             processEscapes: true, processEnvironments: true },
  TeX: { equationNumbers: { autoNumber: 'AMS', useLabelIds: true } },
  // jupyter_server_mathjax ships the STIX-Web fonts only, so use them and never look for the TeX ones; its blank
  // test font is url('about:blank'), which Chromium refuses (CORS) with a console error: local() fails quietly
  'HTML-CSS': { availableFonts: ['STIX-Web'], preferredFont: 'STIX-Web', webFont: 'STIX-Web', imageFont: null,
                linebreaks: { automatic: true },
                styles: { '@font-face': { 'font-family': 'MathJax_Blank', src: "local('MathJax_Blank')" } } },
  // the quick preview and the hidden MathML copy for screen readers (which Chromium now lays out) name the TeX fonts,
  // which are not shipped, and their requests fail: typeset once, with STIX-Web (the menu can still show the MathML)
  'fast-preview': { disabled: true }, menuSettings: { assistiveMML: false },
  displayAlign: 'center', messageStyle: 'none'
});
</script>
<script src="{{ resources.mathjax_url }}"></script>
{%- endblock html_head_js_mathjax -%}
{%- block extra_css -%}
<link rel="icon" href="data:,">
<style type="text/css">
body.jp-Notebook { display: flex; align-items: flex-start; padding: 0; margin: 0; }
nav.site-sidebar { position: sticky; top: 0; flex: 0 0 16rem; height: 100vh; overflow-y: auto; box-sizing: border-box;
  padding: 1.2rem 1rem; border-right: 1px solid #dee2e6; background: #f8f9fa; font: 14px/1.4 system-ui, sans-serif; }
nav.site-sidebar .site-title { font-size: 1.25rem; font-weight: 600; display: block; margin-bottom: 1rem; color: #2780e3; text-decoration: none; }
nav.site-sidebar .section { margin: 1rem 0 0.3rem; font-weight: 600; color: #343a40; }
nav.site-sidebar ul { list-style: none; margin: 0; padding: 0; }
nav.site-sidebar li a { display: block; padding: 0.15rem 0.4rem; color: #495057; text-decoration: none; border-radius: 4px; }
nav.site-sidebar li a:hover { background: #e9ecef; }
nav.site-sidebar li a.active { background: #2780e3; color: white; }
main { flex: 1 1 auto; min-width: 0; max-width: 60rem; padding: 1.5rem 2rem 4rem; }
header.page-header { font-family: var(--jp-content-font-family); padding-left: var(--jp-code-padding); }
header.page-header h1.title { font-size: 2.2rem; margin: 0 0 0.4rem; }
header.page-header p.description { font-size: 1.2rem; font-style: italic; opacity: 0.7; margin: 0 0 1.5rem; }
.jp-RenderedMarkdown h3 { margin-top: 1.5rem; }
.jp-MarkdownCell .jp-RenderedMarkdown pre { background: var(--jp-cell-editor-background); padding: 0.5rem 0.7rem;
  margin: 0.5rem 0 1rem; border: 1px solid var(--jp-cell-editor-border-color); border-radius: 2px; }
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
{{ resources.sidebar }}
<main>
<header class="page-header">
<h1 class="title">{{ resources.page_title | e }}</h1>
{%- if resources.page_description %}<p class="description">{{ resources.page_description | e }}</p>{% endif %}
</header>
{%- endblock body_header -%}
"""

def sidebar_html(groups:list, pages:dict, current:str, site_title:str) -> str:
    "The sidebar: the site's title, then each group's pages, the current one marked."
    out = [f'<nav class="site-sidebar"><a class="site-title" href="index.html">{escape(site_title)}</a>']
    for section, names in groups:
        if section: out.append(f'<div class="section">{escape(section)}</div>')
        out.append('<ul>')
        for n in names:
            p = pages[n]
            cls = ' class="active"' if n == current else ''
            out.append(f'<li><a{cls} href="{p["file"]}">{escape(p["title"])}</a></li>')
        out.append('</ul>')
    return '\n'.join(out + ['</nav>'])

def pandoc_id(text:str) -> str:
    "The identifier pandoc (so Quarto, so nbdev's doc links) gives a heading."
    s = re.sub(r'[^\w\s.-]', '', text.strip(), flags=re.UNICODE).lower()
    s = re.sub(r'\s+', '-', s)
    s = re.sub(r'^[^a-z]+', '', s)
    return s or 'section'

def fix_html(html:str, nb_files:dict, site_url:str) -> str:
    "Heading ids as Quarto makes them; links to the published site or to notebooks made relative to this one."
    soup = BeautifulSoup(html, 'html.parser')
    seen = set()
    for h in soup.find_all(re.compile(r'^h[1-6]$')):
        if not h.get('id'): continue
        for a in h.find_all('a', class_='anchor-link'): a.extract()
        new = base = pandoc_id(h.get_text())
        i = 1
        while new in seen: new = f'{base}-{i}'; i += 1
        seen.add(new)
        h['id'] = new
    for a in soup.find_all('a', href=True):
        href = a['href']
        if site_url and href.startswith(site_url + '/'): href = href[len(site_url) + 1:]
        path, _, frag = href.partition('#')
        if path.endswith('.ipynb') and '://' not in path: path = nb_files.get(Path(path).name, path)
        a['href'] = path + ('#' + frag if frag else '')
    return str(soup)

def build(out:Path=root/'_docs') -> dict:
    "Process the notebooks and write the site to `out`; return the manifest."
    os.chdir(root)
    from nbdev.config import get_config
    cfg = get_config()
    t0 = time.time()
    names = [str(n) for n in process_notebooks()]
    t_proc = time.time() - t0
    groups = sidebar_groups(names)
    proc = root/'_proc'
    prepared = {n: prepare(proc/n) for n in names}
    pages = {n: dict(file=fm.get('output-file') or Path(n).with_suffix('.html').name,
                     title=fm.get('title') or Path(n).stem, source=f'nbs/{n}', **counts)
             for n, (nb, fm, counts) in prepared.items()}
    nb_files = {Path(n).name: p['file'] for n, p in pages.items()}
    site_url = f"{cfg.doc_host.rstrip('/')}{cfg.doc_baseurl.rstrip('/')}" if cfg.get('doc_host') else ''

    if out.exists(): shutil.rmtree(out)
    out.mkdir(parents=True)
    import jupyter_server_mathjax
    shutil.copytree(Path(jupyter_server_mathjax.__file__).parent/'static', out/'mathjax')
    exporter = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True,
                            mathjax_url=f'mathjax/MathJax.js?config={MATHJAX_CONFIG}',
                            extra_loaders=[jinja2.DictLoader({'dynroute_page.html.j2': PAGE})],
                            template_file='dynroute_page.html.j2')
    exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'remove_input'},
                                                         remove_all_outputs_tags={'remove_output'}), enabled=True)
    for n, (nb, fm, _) in prepared.items():
        p = pages[n]
        nb.metadata['title'] = p['title'] if n.startswith('index.') else f"{p['title']} – {cfg.title}"
        res = dict(sidebar=sidebar_html(groups, pages, n, cfg.title), page_title=p['title'],
                   page_description=fm.get('description', ''))
        html, _ = exporter.from_notebook_node(nb, resources=res)
        (out/p['file']).write_text(fix_html(html, nb_files, site_url))
    modidx = importlib.import_module(f'{cfg.lib_name}._modidx').d['syms']
    doc_links = sorted({v[0] for syms in modidx.values() for v in syms.values()})   # 'page.html#anchor' of each name
    manifest = dict(title=cfg.title, doc_links=doc_links, groups=[[s, [pages[n]['file'] for n in ns]] for s, ns in groups],
                    pages=[pages[n] for _, ns in groups for n in ns], seconds=dict(nbdev=round(t_proc, 1),
                    total=round(time.time() - t0, 1)))
    (out/'site.json').write_text(json.dumps(manifest, indent=1))
    return manifest

if __name__ == '__main__':
    m = build()
    print(f"build_docs: {len(m['pages'])} pages in _docs/ in {m['seconds']['total']:.0f} s (nbdev's processing "
          f"{m['seconds']['nbdev']:.0f} s): {', '.join(p['file'] for p in m['pages'])}")
