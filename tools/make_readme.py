"""Write README.md from nbs/index.ipynb without Quarto (nbdev_readme needs Quarto; this is the offline path).

Usage: python tools/make_readme.py
"""
import re
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter

root = Path(__file__).resolve().parents[1]
nb = nbformat.read(root/'nbs'/'index.ipynb', as_version=4)
nb.cells = [c for c in nb.cells if not c.source.lstrip().startswith('#| hide')]
body, res = MarkdownExporter().from_notebook_node(nb, resources={'output_files_dir': 'README_files'})
for name, data in res['outputs'].items():
    (root/name).parent.mkdir(exist_ok=True); (root/name).write_bytes(data)
body = re.sub(r'\]\((?!https?:|#|README_files/)([^)]+)\)', r'](nbs/\1)', body)  # the notebooks' links, from the repository root
(root/'README.md').write_text('<!-- generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook -->\n\n' + body)
print('wrote README.md and', len(res['outputs']), 'figure(s)')
