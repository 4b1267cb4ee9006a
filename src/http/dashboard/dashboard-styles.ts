/**
 * The style sheet `/dashboard.css` serves. Text colours keep at least 4.5:1 contrast on their
 * backgrounds (WCAG AA), run outcomes are told apart by text as well as colour, and every
 * control shows a visible focus ring.
 */
export const DASHBOARD_CSS = `
:root {
  color-scheme: light;
  --text: #1f2328;
  --muted: #4d5561;
  --line: #d0d7de;
  --surface: #ffffff;
  --page: #f3f5f7;
  --accent: #0a55b3;
  --focus: #bf4b00;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 16px;
  line-height: 1.45;
  color: var(--text);
  background: var(--page);
}
body { margin: 0; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--surface); padding: 0.5rem 1rem; }
.skip-link:focus { left: 0.5rem; }
.page-header {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem;
  padding: 1rem 1.5rem; background: var(--surface); border-bottom: 1px solid var(--line);
}
h1 { font-size: 1.4rem; margin: 0; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.75rem; }
h3 { font-size: 1.05rem; margin: 0; overflow-wrap: anywhere; }
h4 { font-size: 0.9rem; margin: 0.75rem 0 0.25rem; color: var(--muted); font-weight: 600; }
.health { margin: 0; font-weight: 600; }
.health-ok { color: #116329; }
.health-down { color: #a40e26; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin-left: auto; }
.toolbar[hidden] { display: none; }
.updated { margin: 0; color: var(--muted); font-size: 0.9rem; }
main { padding: 0 1.5rem 2rem; max-width: 90rem; margin: 0 auto; }
main:focus { outline: none; }
.sign-in { max-width: 34rem; margin: 2rem auto; padding: 1.5rem; background: var(--surface); border: 1px solid var(--line); border-radius: 8px; }
.sign-in form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.sign-in label { font-weight: 600; width: 100%; }
.sign-in input { flex: 1 1 14rem; font: inherit; padding: 0.45rem 0.6rem; border: 1px solid #6e7781; border-radius: 6px; }
.message { color: #a40e26; font-weight: 600; }
.error-banner { background: #ffebe9; border: 1px solid #cf222e; padding: 0.5rem 0.75rem; border-radius: 6px; }
button {
  font: inherit; font-size: 0.95rem; padding: 0.35rem 0.8rem; border-radius: 6px; cursor: pointer;
  border: 1px solid #6e7781; background: #f6f8fa; color: var(--text);
}
button:hover { background: #eaeef2; }
button[type="submit"], #confirm-button { background: var(--accent); border-color: var(--accent); color: #ffffff; }
button[type="submit"][value="back"] { background: #f6f8fa; border-color: #6e7781; color: var(--text); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.task-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(24rem, 1fr)); gap: 1rem; }
.task { background: var(--surface); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; display: flex; flex-direction: column; }
.task-header { display: flex; justify-content: space-between; align-items: baseline; gap: 0.75rem; }
.scope { font-size: 0.8rem; font-weight: 600; color: var(--muted); margin-left: 0.5rem; }
.status { font-size: 0.85rem; font-weight: 700; padding: 0.1rem 0.55rem; border-radius: 999px; white-space: nowrap; border: 1px solid currentColor; }
.badges { display: flex; flex-wrap: wrap; gap: 0.35rem; justify-content: flex-end; }
.badge { font-size: 0.8rem; font-weight: 700; padding: 0.1rem 0.5rem; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
.badge-stale { color: #8a4600; background: #fff8c5; }
.badge-overridden { color: #0a55b3; background: #ddf4ff; }
.policies { margin: 0; padding: 0; list-style: none; }
.status-idle { color: #3d444d; background: #f6f8fa; }
.status-running { color: #ffffff; background: #0a55b3; border-color: #0a55b3; }
.status-paused { color: #6c3a00; background: #fff1d6; }
.status-initial-wait { color: #5a32a3; background: #f3eefe; }
.facts { margin: 0.75rem 0 0; display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 0.75rem; }
.facts div { display: contents; }
.facts dt { color: var(--muted); font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em; white-space: nowrap; background: #eff2f5; padding: 0.05rem 0.3rem; border-radius: 4px; margin-left: 0.35rem; }
.run-error { display: block; margin-top: 0.2rem; color: #a40e26; font-weight: 600; }
.run-error[hidden], code[hidden] { display: none; }
.strip { list-style: none; display: flex; align-items: flex-end; gap: 2px; height: 34px; margin: 0; padding: 0 0 2px; border-bottom: 1px solid var(--line); }
.run { width: 8px; min-height: 8px; border-radius: 2px 2px 0 0; }
.run-succeeded { background: #1a7f37; }
.run-failed { background: #cf222e; }
.run-timed-out { background: #bc4c00; }
.run-cancelled { background: #6e7781; }
.run-lost { background: #8250df; }
.run-skipped { background: #ffffff; border: 1px dashed #57606a; }
.history-summary { margin: 0.35rem 0 0; font-size: 0.9rem; color: var(--muted); }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: auto; padding-top: 0.75rem; }
.answer { margin: 0.5rem 0 0; min-height: 1.45em; font-size: 0.9rem; }
.answer-ok { color: #116329; }
.answer-refused { color: #a40e26; font-weight: 600; }
dialog { border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem 1.5rem; max-width: 30rem; }
dialog::backdrop { background: rgba(31, 35, 40, 0.45); }
dialog h2 { margin-top: 0; }
.dialog-buttons { display: flex; justify-content: flex-end; gap: 0.5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
[hidden] { display: none !important; }
`;
