// The pages' one stylesheet, served from this server (/app/assets/pages.css).
export const PAGES_CSS = `
:root { --ink: #1b1f24; --muted: #555d66; --line: #c9ced4; --accent: #0b4f8a; --late: #a4161a; --soon: #8a5a00; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); margin: 0; line-height: 1.45; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid #f2a900; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1em; top: 1em; background: #fff; padding: .3em; }
header.top { display: flex; flex-wrap: wrap; gap: 1em; align-items: center; padding: .6em 1.2em; background: #0b4f8a; color: #fff; }
header.top a { color: #fff; }
header.top nav ul { display: flex; gap: 1em; list-style: none; margin: 0; padding: 0; }
header.top .who { margin-left: auto; }
header.top form { display: inline; }
main { padding: 1em 1.2em 3em; max-width: 78em; }
h1 { font-size: 1.5em; margin: .3em 0 .6em; }
h2 { font-size: 1.2em; margin: 1.4em 0 .5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .35em .5em; text-align: left; vertical-align: top; }
thead th { background: #eef2f6; }
.counts { display: flex; gap: 1em; flex-wrap: wrap; margin: 0 0 1em; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--line); padding: .4em .8em; border-radius: 4px; }
.counts strong { font-size: 1.3em; display: block; }
.flag { display: inline-block; padding: 0 .4em; border-radius: 3px; font-size: .85em; font-weight: 600; }
.flag.late { background: #fde2e2; color: var(--late); }
.flag.soon { background: #fff1d6; color: var(--soon); }
.flag.provisional, .flag.repeat { background: #e4ecf7; color: #1a3d8f; font-weight: 500; }
tr.late td:first-child { border-left: 4px solid var(--late); }
tr.soon td:first-child { border-left: 4px solid var(--soon); }
form.filters { display: flex; flex-wrap: wrap; gap: .6em 1em; align-items: end; margin-bottom: 1em; }
form.filters label, form.action label, form.signin label { display: flex; flex-direction: column; font-size: .9em; gap: .2em; }
input, select, textarea, button { font: inherit; padding: .3em .4em; }
button { background: var(--accent); color: #fff; border: 0; border-radius: 3px; padding: .4em .9em; cursor: pointer; }
button.link { background: none; color: inherit; text-decoration: underline; padding: 0; }
form.action { border: 1px solid var(--line); border-radius: 4px; padding: .8em; margin: 0 0 1em; display: grid; gap: .5em; max-width: 40em; }
form.action h3 { margin: 0; font-size: 1.05em; }
form.signin { display: grid; gap: .8em; max-width: 28em; }
.notice { padding: .6em .8em; border-radius: 4px; margin: 0 0 1em; }
.notice.error { background: #fde2e2; color: #6d0f12; border: 1px solid #e8a0a2; }
.notice.ok { background: #e3f4e5; color: #13451a; border: 1px solid #9ccfa2; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .3em 1em; }
dl.fields dt { color: var(--muted); }
ol.marks { display: flex; gap: .5em; list-style: none; padding: 0; flex-wrap: wrap; }
ol.marks li { border: 1px solid var(--line); border-radius: 999px; padding: .1em .7em; }
ol.marks li.done { background: #e3f4e5; border-color: #9ccfa2; }
.chart svg { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f8fa; padding: .5em; font-size: .85em; }
.muted { color: var(--muted); }
`;
