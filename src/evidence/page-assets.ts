/**
 * The evidence page's inline style and script. Kept apart from the markup so the script's hash
 * (the page's Content-Security-Policy allows only it) is computed over exactly what is sent.
 */

/** Inline CSS: two columns on a wide screen, one column and a bottom sheet on a phone. */
export const EVIDENCE_STYLE = `
:root { color-scheme: light; --ink: #1d232b; --muted: #5b6472; --line: #d9dde3; --bg: #fbfbfa;
  --strong: #1f7a3d; --weak: #a86500; --none: #b3261e; --error: #b3261e; --warning: #a86500;
  --info: #2c5aa0; --mark: #fff0a8; --focus: #2c5aa0; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); }
code { font-size: 0.9em; }
.top { padding: 0.75rem 1rem; border-bottom: 1px solid var(--line); background: #fff; }
.top p { margin: 0.2rem 0; }
.file { color: var(--muted); font-size: 0.9rem; word-break: break-all; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem;
  padding: 1rem; max-width: 1400px; margin: 0 auto; }
.side { min-width: 0; }
/* The panel stays in view while the draft scrolls; the summary passes under it (Esc clears it). */
#evidence { position: sticky; top: 0.5rem; z-index: 5; max-height: calc(100vh - 1rem);
  overflow: auto; margin-bottom: 1rem; }
#summary { font-size: 0.92rem; background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 0 1rem 0.5rem; }
article { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.5rem; }
.draft-title { font-size: 1.6rem; line-height: 1.25; }
.hint { color: var(--muted); font-size: 0.9rem; margin-top: 0; }
.sentence { cursor: pointer; border-radius: 3px; text-decoration-line: underline;
  text-decoration-thickness: 2px; text-underline-offset: 3px; }
.sentence.strength-strong { text-decoration-color: rgba(31, 122, 61, 0.35); }
.sentence.strength-weak { text-decoration-color: var(--weak); text-decoration-style: dotted; }
.sentence.strength-none { text-decoration-color: var(--none); text-decoration-style: wavy; }
.sentence:hover { background: #eef3fb; }
.sentence:focus { outline: 3px solid var(--focus); outline-offset: 1px; }
.sentence.active { background: #dde8f8; }
.cites { margin-left: 1px; }
.cite { margin: 0 1px; font-size: 0.75rem; color: var(--info); text-decoration: none; }
.badge { display: inline-block; margin: 0 0.25rem; padding: 0 0.4rem; border-radius: 999px;
  font-size: 0.72rem; line-height: 1.5; color: #fff; vertical-align: 0.1em; }
.badge.severity-error { background: var(--error); }
.badge.severity-warning { background: var(--warning); }
.badge.severity-info { background: var(--info); }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem; }
.panel h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
.panel h3 { font-size: 0.95rem; margin: 0.75rem 0 0.25rem; }
.draft-sentence { margin: 0 0 0.5rem; padding-left: 0.75rem; border-left: 3px solid var(--focus); }
.passage-text { margin: 0.25rem 0; padding: 0.5rem 0.75rem; background: #f6f7f9; border-radius: 6px; }
.where { margin: 0; color: var(--muted); font-size: 0.85rem; }
.score { color: var(--muted); font-weight: normal; font-size: 0.85rem; }
mark { background: var(--mark); color: inherit; padding: 0 1px; border-radius: 2px; }
.absent { text-decoration: underline wavy var(--none); text-underline-offset: 3px; }
.finding { border-left: 4px solid var(--info); padding: 0.25rem 0.75rem; margin: 0.5rem 0;
  background: #f4f7fc; overflow-wrap: anywhere; }
.finding p { margin: 0.25rem 0; }
.finding.severity-error { border-color: var(--error); background: #fcf1f0; }
.finding.severity-warning { border-color: var(--warning); background: #fdf6ea; }
.missing { color: var(--none); }
.draft-findings { margin-bottom: 1rem; }
.draft-findings h2 { font-size: 1rem; }
.chip { display: inline-block; padding: 0 0.45rem; border-radius: 999px; font-size: 0.8rem;
  border: 1px solid currentColor; }
.chip.strength-strong { color: var(--strong); } .chip.strength-weak { color: var(--weak); }
.chip.strength-none { color: var(--none); } .chip.severity-error { color: var(--error); }
.chip.severity-warning { color: var(--warning); } .chip.severity-info { color: var(--info); }
#summary h2 { font-size: 1rem; margin: 1rem 0 0.25rem; }
#summary ul { padding-left: 1.1rem; margin: 0; }
#summary li { margin: 0.3rem 0; overflow-wrap: anywhere; }
.url { color: var(--muted); }
.cost { display: grid; grid-template-columns: auto 1fr; gap: 0 1rem; margin: 0; }
.cost dd { margin: 0; font-variant-numeric: tabular-nums; }
.legend { color: var(--muted); font-size: 0.85rem; }
a { color: var(--info); }
a:focus, button:focus, input:focus, textarea:focus { outline: 3px solid var(--focus); outline-offset: 1px; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; margin-top: 0.5rem; }
.actions form { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: flex-end; margin: 0; }
.actions input[type=text] { font: inherit; padding: 0.3rem 0.5rem; min-width: 14rem; }
button { font: inherit; padding: 0.35rem 0.9rem; border-radius: 6px; border: 1px solid var(--line);
  background: #fff; cursor: pointer; }
button.approve { background: var(--strong); color: #fff; border-color: var(--strong); }
button.reject { background: var(--error); color: #fff; border-color: var(--error); }
@media (max-width: 800px) {
  .layout { display: block; padding: 0.5rem; }
  article { padding: 0.75rem; }
  .side { margin-top: 1rem; }
  #evidence { position: fixed; left: 0; right: 0; bottom: 0; top: auto; max-height: 50vh;
    margin: 0; z-index: 10; box-shadow: 0 -4px 16px rgba(0, 0, 0, 0.2); }
  #evidence .panel { border-radius: 12px 12px 0 0; }
  body:not(.has-selection) #evidence { display: none; }
  body.has-selection { padding-bottom: 50vh; }
}
`;

/**
 * Inline script: a sentence shows its panel when clicked, tapped, focused or (while nothing is
 * pinned by a click) hovered; `j`/`k` or the arrow keys move between sentences, Escape lets go.
 * It reads only the page's own elements and builds no markup from text.
 */
export const EVIDENCE_SCRIPT = `
(function () {
  var sentences = Array.prototype.slice.call(document.querySelectorAll('.sentence'));
  var empty = document.getElementById('evidence-empty');
  var current = null;
  var pinned = false;
  function panelOf(el) { return document.getElementById('evidence-' + el.getAttribute('data-sentence')); }
  function show(el) {
    if (current === el) return;
    if (current) {
      current.classList.remove('active');
      current.setAttribute('aria-expanded', 'false');
      panelOf(current).hidden = true;
    }
    current = el;
    if (!el) { empty.hidden = false; document.body.classList.remove('has-selection'); return; }
    el.classList.add('active');
    el.setAttribute('aria-expanded', 'true');
    panelOf(el).hidden = false;
    empty.hidden = true;
    document.body.classList.add('has-selection');
  }
  sentences.forEach(function (el, i) {
    el.addEventListener('click', function () { pinned = true; show(el); });
    el.addEventListener('focus', function () { pinned = true; show(el); });
    el.addEventListener('mouseenter', function () { if (!pinned) show(el); });
    el.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); pinned = true; show(el); }
    });
  });
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName)) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var at = current ? sentences.indexOf(current) : -1;
    var next = null;
    if (event.key === 'j' || event.key === 'ArrowDown') next = sentences[Math.min(at + 1, sentences.length - 1)];
    else if (event.key === 'k' || event.key === 'ArrowUp') next = sentences[Math.max(at - 1, 0)];
    else if (event.key === 'Escape') { pinned = false; if (current) current.blur(); show(null); return; }
    if (next) { event.preventDefault(); next.focus(); }
  });
})();
`;
