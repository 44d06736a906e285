// The widget's one stylesheet, adopted by each shadow root as a constructed
// CSSStyleSheet (no <style>, no style="": a host with style-src 'self' needs
// no exception). Theming: only the documented --assurecalc-* properties
// and ::part() names reach in (web/EMBEDDING.md).
//
// Isolation: host selectors cannot match inside the shadow root, but
// inherited properties (color, line-height, letter-spacing, ...) and custom
// properties do flow in from the host element. `.root` resets every
// inherited property (`all: initial`) and defines every custom property the
// widget reads, so `* { color: red !important }` on the host page stops at
// the host element. Font family alone follows the host, by design.
export const CSS = `
:host{display:block}
:host([hidden]){display:none}
.root{all:initial;display:block;visibility:inherit;color-scheme:light;
--_acc:var(--assurecalc-accent,#0b5cad);
--_rad:var(--assurecalc-radius,10px);
--_bg:var(--assurecalc-bg,#fff);
--_ink:var(--assurecalc-text,#1b1f24);
--_line:var(--assurecalc-border,#d5d9de);
--_mute:#555d66;--_soft:#f5f6f8;--_c:var(--_acc);--_b:var(--_bg);
--_ok:#0b6b2e;--_okb:#e3f3e8;--_wait:#2f4f7a;--_waitb:#e6eef8;--_no:#a3141a;--_nob:#fbe7e8;--_nc:#4a4f55;--_ncb:#eceef0;--_info:#7a4a00;--_infob:#fff1cf;
font-family:var(--assurecalc-font,inherit);font-size:var(--assurecalc-font-size,16px);line-height:1.45;
color:var(--_ink);background:var(--_bg);border:1px solid var(--_line);border-radius:var(--_rad);
padding:.8em 1em;container-type:inline-size;text-align:start}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
p,ul,ol,dl,dd,h2,h3{margin:0}
h2{font-size:1.15em;font-weight:700;line-height:1.25}
h3{font-size:1em;font-weight:700}
h4{font-size:1em;font-weight:700;margin:0}
strong{font-weight:700}
.sub{color:var(--_mute);font-size:.9em;margin:.15em 0 .5em}
.facts{margin:.4em 0 .7em;padding:.5em .7em;background:var(--_soft);border-radius:calc(var(--_rad)*.7)}
.facts dl{display:grid;grid-template-columns:repeat(auto-fill,minmax(8em,1fr));gap:.3em .9em}
.facts h3{font-size:.85em;color:var(--_mute);text-transform:uppercase;letter-spacing:.04em;margin-bottom:.2em}
.facts dt{font-size:.8em;color:var(--_mute)}
.facts dd{font-weight:600;overflow-wrap:break-word}
.body{display:grid;gap:.8em}
@container (min-width:640px){.body{grid-template-columns:minmax(0,1fr) minmax(0,1.1fr);grid-template-areas:"form answer";align-items:start}form{grid-area:form}.answer{grid-area:answer}}
form{min-width:0}
fieldset{min-width:0;border:1px solid var(--_line);border-radius:calc(var(--_rad)*.7);margin:0 0 .6em;padding:.3em .7em .6em}
legend{font-weight:700;padding:0 .3em}
.grid{display:grid;gap:.25em .7em;grid-template-columns:repeat(auto-fill,minmax(10em,1fr))}
.row .grid{grid-template-columns:repeat(2,minmax(0,1fr))}
/* A payment's method and recipient decide its cover: each gets the row's width, so its words show whole. */
.row .f-select{grid-column:1/-1}
.f{display:flex;flex-direction:column;min-width:0}
.f label{font-size:.85em;font-weight:600}
.row{border:0;border-top:1px dashed var(--_line);border-radius:0;margin:.4em 0 0;padding:.4em 0 0}
.row legend{font-size:.85em;padding:0}
input,select,button{font:inherit;color:inherit;letter-spacing:normal;margin:0}
input,select{font-size:max(16px,1em);padding:.25em .4em;border:1px solid #8a929b;border-radius:calc(var(--_rad)*.5);background:#fff;color:var(--_ink);min-width:0;width:100%}
button{cursor:pointer;border:1px solid var(--_acc);color:var(--_acc);background:#fff;border-radius:calc(var(--_rad)*.5);padding:.25em .7em;font-size:.9em;margin-top:.4em}
button:hover{background:var(--_soft)}
button.link{border:0;padding:0;margin:0;background:none;text-decoration:underline;text-align:start;font-size:1em}
:focus-visible{outline:3px solid #f0a000;outline-offset:2px}
.hint{font-size:.78em;color:var(--_mute);margin:.1em 0 .3em}
[hidden]{display:none!important}
.more-rows{font-size:.85em;margin:.4em 0;padding:.3em .6em;border-inline-start:3px solid var(--_acc);background:var(--_soft)}
li.more{list-style:none;font-style:italic;color:var(--_mute)}
.note{font-size:.82em;font-weight:600;margin-top:.1em}
.note:empty{display:none}
.invalid .note{color:var(--_no)}
.invalid .note::before{content:"✕ "}
.needed .note{color:var(--_info)}
.needed .note::before{content:"⚠ "}
[aria-invalid=true]{border:2px solid var(--_no)}
.answer{min-width:0}
.answer>h3{margin-bottom:.3em}
.loading{color:var(--_mute)}
.fatal{color:var(--_no);font-weight:700}
.overall{font-weight:700;margin:0 0 .4em}
.claim{border:1px solid var(--_line);border-inline-start:7px solid var(--_c);border-radius:calc(var(--_rad)*.7);padding:.6em .8em;background:var(--_b)}
.s-open{--_c:var(--_ok);--_b:var(--_okb)}.s-not_yet_open{--_c:var(--_wait);--_b:var(--_waitb)}.s-closed{--_c:var(--_no);--_b:var(--_nob)}
.s-not_covered{--_c:var(--_nc);--_b:var(--_ncb)}.s-needs_info{--_c:var(--_info);--_b:var(--_infob)}
.claim>*+*{margin-top:.3em}
.verdict{display:inline-block;padding:.05em .6em;border-radius:99px;background:var(--_c);color:#fff;font-weight:700}
.whatever{font-weight:600}
.icon{display:inline-block;min-width:1em;text-align:center}
.amount strong{font-size:1.45em;white-space:nowrap}
.assumed{margin:0 0 .5em;padding:.4em .6em;border-inline-start:3px solid var(--_acc);background:var(--_soft);font-size:.92em}
.s-closed .amount{color:var(--_mute)}
.form{color:var(--_mute);font-size:.88em}
.deadline{font-weight:600}
.when .local{font-weight:400;color:var(--_mute)}
.left{font-weight:700;font-size:1.1em;color:var(--_c)}
ul.reasons,ul.missing,.basis ul{padding-inline-start:1.2em}
.need{font-weight:600;color:var(--_info)}
details.basis summary{cursor:pointer;font-size:.88em;display:list-item;text-decoration:underline}
/* On the status colours, links keep the text colour (any accent stays readable). */
.claim button.link,.errors button.link{color:var(--_ink)}
.basis li{font-size:.9em}.basis li.applied{font-weight:600}
.others{margin-top:.6em;font-size:.92em}
.cover{border:1px solid var(--_line);border-inline-start:7px solid var(--_acc);border-radius:calc(var(--_rad)*.7);padding:.6em .8em;background:var(--_soft)}
.cover>*+*{margin-top:.35em}
.cover ul{list-style:none;padding:0;display:grid;gap:.2em}
.cover li{display:flex;gap:.4em;align-items:baseline}
.cover .icon{color:var(--_ok);font-weight:700}
.cover .up-to{font-weight:600}
.steps{margin-top:.4em;font-size:.92em}
.steps ul{padding-inline-start:1.2em}
.first-warnings{border:2px solid var(--_info);border-radius:calc(var(--_rad)*.7);padding:.4em .7em;background:var(--_infob);margin-bottom:.5em;font-size:.92em}
.first-warnings ul{padding-inline-start:1.2em}
.others ul{list-style:none;padding:0;display:grid;gap:.15em}
.others li{display:flex;gap:.4em;align-items:baseline}
.others .icon{color:var(--_c);font-weight:700}
.errors{border:2px solid var(--_no);border-radius:calc(var(--_rad)*.7);padding:.5em .8em;background:var(--_nob)}
.errors ul{padding-inline-start:1.2em}
.warnings{font-size:.88em;margin-top:.5em;color:var(--_mute)}
.warnings ul{padding-inline-start:1.2em}
a{color:var(--_acc)}
footer{margin-top:.6em;font-size:.78em;color:var(--_mute)}
footer p+p{margin-top:.2em}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
