/**
 * The report page's stylesheet, inlined so the page needs no other file: a quiet, print-friendly
 * layout in the manner of a journal's supplementary material (serif text, sans-serif tables,
 * tabular figures so decimals line up).
 */
export const REPORT_CSS = `
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #cfcfcf; --accent: #0b4f8a; --paper: #f3ecfa; }
* { box-sizing: border-box; }
body { margin: 0; background: #fafafa; color: var(--ink); font: 15px/1.5 Georgia, "Times New Roman", serif; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 40px 48px; background: #fff; }
header { border-bottom: 2px solid var(--ink); padding-bottom: 10px; margin-bottom: 18px; }
.eyebrow { margin: 0; font: 600 12px/1.4 Helvetica, Arial, sans-serif; letter-spacing: .08em; text-transform: uppercase; color: var(--accent); }
h1 { margin: 4px 0 6px; font-size: 28px; font-weight: normal; overflow-wrap: anywhere; }
h2 { margin: 34px 0 10px; font-size: 20px; font-weight: normal; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { margin: 22px 0 8px; font-size: 16px; overflow-wrap: anywhere; }
.sub, .small, figcaption, footer { color: var(--muted); }
.sub { margin: 0; font-size: 14px; }
.small { font-size: 13px; }
.kind { font-weight: normal; color: var(--muted); }
table { border-collapse: collapse; font: 13px/1.4 Helvetica, Arial, sans-serif; font-variant-numeric: tabular-nums; }
table.kv th { text-align: left; font-weight: 600; padding: 2px 18px 2px 0; vertical-align: top; white-space: nowrap; }
table.kv td { padding: 2px 0; overflow-wrap: anywhere; }
table.grid { width: 100%; border-top: 1.5px solid var(--ink); border-bottom: 1.5px solid var(--ink); }
table.grid thead th { border-bottom: 1px solid var(--ink); text-align: left; font-weight: 600; padding: 5px 8px; vertical-align: bottom; }
table.grid td { padding: 4px 8px; border-top: 1px solid #eee; vertical-align: top; overflow-wrap: anywhere; }
th.num, td.num { text-align: right; white-space: nowrap; }
.nowrap, td.task { white-space: nowrap; }
table.results tr.group td { border-top: 1px solid #9a9a9a; }
table.results tr.subgroup td { border-top: 1px solid #cfcfcf; }
table.results td { border-top-color: #f3f3f3; }
.sd { color: var(--muted); font-size: 12px; }
td.chance { color: var(--muted); }
td.paper { color: #4b2a7a; font-weight: 600; }
td.paper.why { color: var(--muted); font-weight: normal; font-size: 0.85em; }
tr.paper-row td { background: var(--paper); }
.note { margin: 10px 0 14px; padding: 10px 14px; border-left: 3px solid var(--accent); background: #f2f6fa; font-size: 14px; }
.warn { padding: 8px 12px; border-left: 3px solid #b35c00; background: #fff5e8; }
.empty { color: var(--muted); font-style: italic; }
details { margin-top: 12px; }
details details { margin-left: 0; }
summary { cursor: pointer; font: 600 13px Helvetica, Arial, sans-serif; }
pre { font-size: 12px; background: #f6f6f6; padding: 10px; overflow-x: auto; }
code { font-size: 12px; overflow-wrap: anywhere; }
figure { margin: 18px 0 26px; }
figure svg { display: block; width: 100%; height: auto; }
.fig-title { font: 600 14px Helvetica, Arial, sans-serif; margin-bottom: 4px; overflow-wrap: anywhere; }
figcaption { font-size: 13px; margin-top: 2px; }
.cms { display: flex; flex-wrap: wrap; gap: 18px 28px; }
.cm { width: 296px; }
.cm-title { font: 12px/1.4 Helvetica, Arial, sans-serif; color: var(--muted); margin-bottom: 4px; max-width: 320px; overflow-wrap: anywhere; }
.cm table td { width: 52px; text-align: center; padding: 6px 4px; border: 1px solid #fff; }
.cm table th { font-weight: 600; padding: 3px 6px; font-size: 12px; }
.cm th.corner { font-weight: normal; color: var(--muted); font-size: 11px; }
footer { margin-top: 36px; border-top: 1px solid var(--rule); padding-top: 8px; font-size: 12px; }
@media print {
  body { background: #fff; }
  main { padding: 0; max-width: none; }
  figure, table { break-inside: avoid; }
  details { display: block; }
}
`
