//! The pages' styles, inline in each file: a masthead, sans-serif figures,
//! the article in a serif face, and one colour per entity type (the same on
//! the report and the pages).

/// Shared by every page.
pub(crate) const BASE: &str = r#":root{--ink:#111827;--muted:#6b7280;--rule:#e5e7eb;--paper:#fff;--ground:#f4f4f2;--red:#b4232a;
--person:#c2410c;--person-bg:#ffedd5;--country:#0369a1;--country-bg:#e0f2fe;--agency:#6d28d9;--agency-bg:#ede9fe;
--sans:"Helvetica Neue",Helvetica,Arial,"Liberation Sans","DejaVu Sans",sans-serif;--serif:Georgia,"Times New Roman","DejaVu Serif",serif}
*{box-sizing:border-box}
html{background:var(--ground);color:var(--ink);font:15px/1.45 var(--sans);-webkit-text-size-adjust:100%}
body{margin:0}
a{color:inherit}
.mast{background:#111;color:#fff;border-bottom:4px solid var(--red)}
.mast .wrap{display:flex;align-items:center;gap:18px;min-height:54px;flex-wrap:wrap}
.brand{font-weight:800;letter-spacing:.02em;font-size:20px;text-decoration:none}
.section{font-size:13px;text-transform:uppercase;letter-spacing:.14em;color:#d1d5db}
.mast nav{margin-left:auto;display:flex;gap:6px;align-items:center;font-size:14px}
.mast nav a,.mast nav span.off{padding:5px 12px;border:1px solid #3f3f46;border-radius:3px;text-decoration:none}
.mast nav a:hover{background:#27272a}
.mast nav span.off{color:#52525b}
.mast .pos{color:#a1a1aa;margin-left:8px;font-variant-numeric:tabular-nums}
.wrap{max-width:1440px;margin:0 auto;padding:0 28px}
h1{font-family:var(--serif);font-weight:700;font-size:34px;line-height:1.15;margin:6px 0 10px}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.12em;color:var(--muted);margin:0 0 12px;font-weight:700}
.kicker{font-size:13px;text-transform:uppercase;letter-spacing:.1em;color:var(--red);font-weight:700}
.muted{color:var(--muted)}
code,.id,.url,.status,.s-text,.name,.ex{unicode-bidi:isolate}
code,.id{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.86em;overflow-wrap:anywhere}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table{border-collapse:collapse;width:100%}
th{font-size:11px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);text-align:left;font-weight:700;padding:6px 8px;border-bottom:2px solid var(--ink)}
td{padding:6px 8px;border-bottom:1px solid var(--rule);vertical-align:top}
th.num{text-align:right}
.chip{display:inline-block;font-size:10.5px;font-weight:700;letter-spacing:.06em;padding:1px 6px;border-radius:3px;text-transform:uppercase;white-space:nowrap}
.chip.person{background:var(--person-bg);color:var(--person)}
.chip.country{background:var(--country-bg);color:var(--country)}
.chip.agency{background:var(--agency-bg);color:var(--agency)}
.status{display:inline-block;padding:3px 10px;border-radius:3px;font-size:13px;font-weight:600}
.status.ok{background:#dcfce7;color:#166534}
.status.warning{background:#fef9c3;color:#854d0e}
.status.error{background:#fee2e2;color:#991b1b}
.card{background:var(--paper);border:1px solid var(--rule);border-radius:4px;padding:18px 20px}
footer{color:var(--muted);font-size:12px;padding:28px 0 40px}
"#;

/// An article's page: the text with its highlights beside the claims.
pub(crate) const PAGE: &str = r#".head{padding:26px 0 14px}
.meta{display:flex;flex-wrap:wrap;gap:6px 18px;color:var(--muted);font-size:13.5px;margin-top:4px}
.meta b{color:var(--ink);font-variant-numeric:tabular-nums}
.legend{display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center;font-size:13px;padding:10px 0 16px;border-bottom:1px solid var(--rule);margin-bottom:20px}
.legend .k{display:inline-flex;align-items:center;gap:6px}
.cols{display:grid;grid-template-columns:minmax(0,1.3fr) minmax(470px,1fr);gap:28px;align-items:start}
@media (max-width:1000px){.cols{grid-template-columns:1fr}}
.text{background:var(--paper);border:1px solid var(--rule);border-radius:4px;padding:26px 32px;font:18px/2.05 var(--serif);white-space:pre-wrap;overflow-wrap:anywhere}
.side{position:sticky;top:12px}
.side table{background:var(--paper);border:1px solid var(--rule);font-size:13.5px}
.side td.n{width:1%}
.side .id{display:block;font-size:11px;white-space:nowrap}
mark.m{color:inherit;border-radius:2px;padding:1px 0;border-bottom:2px solid}
mark.person{background:var(--person-bg);border-color:var(--person)}
mark.country{background:var(--country-bg);border-color:var(--country)}
mark.agency{background:var(--agency-bg);border-color:var(--agency)}
.c{text-decoration:underline 2px var(--ink);text-underline-offset:7px;text-decoration-skip-ink:none}
.c .c{text-decoration-style:double}
.s{color:var(--red);font-weight:700}
.c:not(.cont)::before,.s:not(.cont)::before,.badge{content:attr(data-n);display:inline-block;min-width:1.45em;padding:0 .3em;margin-right:2px;border-radius:.8em;font:700 11px/1.5 var(--sans);text-align:center;vertical-align:.35em;background:var(--ink);color:#fff}
.s:not(.cont)::before,.badge.sp{background:var(--red)}
.hl,.hl mark.m{background:#fde047}
tr.hl td{background:#fef9c3}
.none{color:var(--muted);font-style:italic;padding:14px 0}
.warn{margin-top:10px;font-size:14px}
"#;

/// The run report.
pub(crate) const REPORT: &str = r#".hero{padding:26px 0 8px}
.inputs{color:var(--muted);font-size:13.5px}
.kpis{display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:14px;margin:18px 0 22px}
.kpi{background:var(--paper);border:1px solid var(--rule);border-top:4px solid var(--ink);border-radius:4px;padding:12px 16px}
.kpi .big{font:800 34px/1.1 var(--sans);font-variant-numeric:tabular-nums;letter-spacing:-.01em}
.kpi .lbl{font-size:12px;text-transform:uppercase;letter-spacing:.1em;color:var(--muted);font-weight:700}
.kpi .sub{font-size:12.5px;color:var(--muted);margin-top:4px}
.kpi.ok{border-top-color:#16a34a}.kpi.bad{border-top-color:var(--red)}
.grid{display:grid;gap:18px;margin-bottom:18px}
.g2{grid-template-columns:repeat(2,minmax(0,1fr))}.g3{grid-template-columns:repeat(3,minmax(0,1fr))}.g57{grid-template-columns:minmax(0,5fr) minmax(0,7fr)}
@media (max-width:1000px){.g2,.g3,.g57,.kpis{grid-template-columns:1fr 1fr}}
.bar{position:relative;height:8px;background:#eef0f3;border-radius:2px;min-width:60px}
.bar i{position:absolute;left:0;top:0;bottom:0;border-radius:2px;background:var(--ink)}
.bar.person i{background:var(--person)}.bar.country i{background:var(--country)}.bar.agency i{background:var(--agency)}
td.bar-cell{vertical-align:middle}
table.top{table-layout:fixed}
.top td{padding:5px 6px}.top th{padding:6px}
.top td.name{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.top .c-rank{width:30px}.top .c-bar{width:17%}.top .c-n{width:78px}.top .c-type{width:84px}
.top th.num{letter-spacing:.03em}
.top td.rank{color:var(--muted);font-variant-numeric:tabular-nums}
.cross{font-size:13.5px}.cross td,.cross th{padding:6px 7px}.cross th{vertical-align:bottom;letter-spacing:.04em}
.cross td.total,.cross th.total{font-weight:700;border-left:2px solid var(--rule)}
.cross tr.total td{border-top:2px solid var(--ink);font-weight:700}
.cross td.zero{color:#c7cbd1}
.chart svg{display:block;width:100%;height:auto}
.ex{color:var(--muted);font-size:12.5px;font-family:var(--serif);overflow:hidden;text-overflow:ellipsis}
.pages{columns:3 320px;column-gap:24px;font-size:13.5px;margin:0;padding:0;list-style:none}
.pages li{break-inside:avoid;padding:2px 0}
details summary{cursor:pointer;font-weight:600}
"#;
