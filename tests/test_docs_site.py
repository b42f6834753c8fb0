"""The docs website (`cgn_docs`, notebook 21_docs): built from every notebook, then opened page by page in headless
Chromium: HTTP 200, title and sidebar, no error output, every image loaded, every internal link leading to a page of the
site, a clean console, and a screenshot that is not blank (saved in $CGN_DOCS_SCREENSHOTS, default _docs_screenshots/).

Without Chromium the browser checks skip (after the build has been tested), saying why; CI sets CGN_REQUIRE_CHROMIUM=1, which turns a missing browser
into a failure. A toy project with one broken page per kind of problem shows that each is caught.
"""
import os
from pathlib import Path
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from cgn_nb.docs import build_site, check_site, find_chromium, find_pages

ROOT = Path(__file__).resolve().parents[1]
SHOTS = Path(os.environ.get('CGN_DOCS_SCREENSHOTS') or ROOT/'_docs_screenshots')


def chromium() -> str:
    exe = find_chromium()
    if exe: return exe
    if os.environ.get('CGN_REQUIRE_CHROMIUM') == '1':
        pytest.fail('CGN_REQUIRE_CHROMIUM=1 but no Chromium was found: apt-get install chromium (or set $CHROMIUM)')
    pytest.skip('no Chromium on this machine (apt-get install chromium); CI installs it and sets CGN_REQUIRE_CHROMIUM=1')


def test_site_builds_and_every_page_passes_in_chromium(tmp_path):
    "One test, so that pytest-xdist builds the site once: every notebook has its page, and every page passes the browser check."
    site = build_site(tmp_path/'site', root=ROOT, workers=2)    # processed notebooks are cached in _proc/cgn_docs between runs
    nbs = sorted(p.relative_to(ROOT/'nbs') for p in (ROOT/'nbs').rglob('*.ipynb'))
    nbs = [p for p in nbs if not any(s.startswith(('_', '.')) for s in p.parts)]
    assert sorted(p.nb for p in find_pages(ROOT/'nbs')) == nbs
    missing = [p.href for p in site.pages if not (site.out/p.href).is_file()]
    assert not missing, f'pages not written: {missing}'
    assert [p.href for p in site.pages][:2] == ['index.html', 'core.html'], 'the home page, then the course in order'
    res = check_site(site.out, SHOTS, chromium())
    print(site, res, sep='\n')
    assert not res.problems, f'{res}\nscreenshots of every page: {SHOTS}'
    assert len(list(SHOTS.glob('*.png'))) >= len(site.pages), f'screenshots missing in {SHOTS}'


def _nb(path: Path, *cells):
    nb = new_notebook(metadata={'kernelspec': {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}})
    nb.cells = [new_markdown_cell(c) if isinstance(c, str) else c for c in cells]
    path.parent.mkdir(parents=True, exist_ok=True); nbformat.write(nb, path)


def _png() -> str:
    import base64, io
    from PIL import Image
    b = io.BytesIO(); Image.new('RGB', (40, 20), 'teal').save(b, 'PNG')
    return base64.b64encode(b.getvalue()).decode()


def test_broken_pages_are_caught(tmp_path):
    "One page per kind of failure, next to a good page: the check names each broken page and its problem, and only those."
    exe = chromium()
    nbs = tmp_path/'nbs'
    _nb(nbs/'index.ipynb', '# Home\n> A site with broken pages\n\nMath $x^2$ and a link to [a good page](00_ok.ipynb).')
    _nb(nbs/'00_ok.ipynb', '# Fine\n\nA [link back](index.ipynb#home) and a figure:',
        new_code_cell('show(figure)', outputs=[new_output('display_data', data={'image/png': _png()})]))
    _nb(nbs/'01_broken_image.ipynb', '# Broken image\n\n![a figure](figures/missing.png)')
    _nb(nbs/'02_dead_link.ipynb', '# Dead link\n\nSee [the next lesson](99_gone.ipynb).')
    _nb(nbs/'03_error_cell.ipynb', '# Error cell', new_code_cell('1 / 0', outputs=[new_output(
        'error', ename='ZeroDivisionError', evalue='division by zero',
        traceback=['Traceback (most recent call last):', 'ZeroDivisionError: division by zero'])]))
    _nb(nbs/'04_console_error.ipynb', '# Script error\n\n<script>throw new Error("boom")</script>')
    _nb(nbs/'05_blank.ipynb', '# Blank\n\n<style>body { visibility: hidden; }</style>')
    _nb(nbs/'06_root_link.ipynb', '# Root link\n\nFine from a server, broken from disk: <a href="/index.html">home</a>')
    rep = build_site(tmp_path/'site', root=ROOT, nbs=nbs, workers=1, cache=tmp_path/'cache', log=lambda s: None)
    res = check_site(rep.out, tmp_path/'shots', exe)
    print(res)
    expected = {'broken_image.html': 'image did not load', 'dead_link.html': 'dead internal link: 99_gone.ipynb',
                'error_cell.html': 'error output', 'console_error.html': 'console error', 'blank.html': 'blank screenshot',
                'root_link.html': 'root-relative link, breaks from disk: /index.html'}
    for page, kind in expected.items():
        assert any(kind in p for p in res.problems.get(page, [])), f'{page}: expected "{kind}", got {res.problems.get(page)}'
    assert set(res.problems) - set(expected) <= {'(server)'}, f'good pages were flagged: {res}'
    assert all('missing.png' in p for p in res.problems.get('(server)', [])), res.problems.get('(server)')
