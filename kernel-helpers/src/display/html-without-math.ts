/**
 * Marks output HTML as no place for TeX. JupyterLab typesets `$...$` inside HTML outputs, so a
 * summary reading "cost $0.09 ... at $0" came out as an italic formula. `mathjax_ignore` is the
 * class MathJax 3 (JupyterLab 4) skips, `tex2jax_ignore` the one MathJax 2 (classic Notebook,
 * nbviewer) skips.
 */
export function htmlWithoutMath(html: string): string {
  return `<div class="mathjax_ignore tex2jax_ignore">${html}</div>`;
}
