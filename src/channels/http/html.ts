/**
 * Server-rendered HTML with no template engine: every dynamic value goes through `esc` (or is a
 * `Html` fragment built here), so a contact named `<script>` is shown, never run. Pages work
 * without JavaScript and on a phone (viewport meta, one column, large touch targets).
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function esc(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (v === null || v === undefined) return '';
  return String(v).replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** Tagged template: interpolations are escaped unless they are Html (arrays are joined). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += Array.isArray(v) ? v.map(esc).join('') : esc(v);
    out += strings[i + 1]!;
  });
  return new Html(out);
}

export const raw = (s: string) => new Html(s);

const CSS = `
*{box-sizing:border-box}
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d232b;background:#f4f5f7}
main{max-width:760px;margin:0 auto;padding:16px}
h1{font-size:1.4rem;margin:.2rem 0 .4rem}
h2{font-size:1.1rem;margin:0 0 .3rem}
.muted{color:#5b6573;font-size:.9rem}
.card{background:#fff;border:1px solid #dde1e6;border-radius:10px;padding:14px;margin:12px 0}
.banner{border-radius:8px;padding:10px 12px;margin:12px 0;border:1px solid}
.banner.ok{background:#e9f7ef;border-color:#9ed3b2}
.banner.warn{background:#fff6e0;border-color:#f0c868}
.banner.err{background:#fdecec;border-color:#f1a3a3}
.evidence{font-size:.85rem;color:#5b6573;margin:.2rem 0 .6rem}
details summary{cursor:pointer;font-size:.85rem;color:#33507a}
ul.cands{list-style:none;padding:0;margin:0}
ul.cands li{border-top:1px solid #eef0f2;padding:8px 0}
ul.cands label{display:flex;gap:10px;align-items:flex-start;cursor:pointer}
ul.cands input[type=checkbox]{width:22px;height:22px;margin:2px 0 0;flex:none}
.tag{display:inline-block;font-size:.75rem;padding:1px 6px;border-radius:6px;background:#eef0f2;color:#3b4450;margin-left:4px}
.tag.bad{background:#fdecec;color:#9b1c1c}
fieldset{border:1px solid #dde1e6;border-radius:10px;padding:12px;margin:12px 0;background:#fff}
legend{font-weight:600;padding:0 4px}
.row{display:flex;flex-wrap:wrap;gap:8px}
.row > *{flex:1 1 180px}
input[type=email],input[type=text],select{width:100%;font:inherit;padding:9px;border:1px solid #c3c9d1;border-radius:8px;background:#fff}
button{font:inherit;border-radius:8px;padding:10px 16px;border:1px solid #9aa3ae;background:#fff;cursor:pointer;min-height:44px}
.actions{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:18px 0}
button.red,.red{background:#d0021b;border-color:#a10015;color:#fff;font-weight:700;font-size:1.15rem;padding:14px 26px;border-radius:999px;box-shadow:0 3px 0 #8a0012}
button.red:focus{outline:3px solid #ffb3bd}
a.button{display:inline-block;text-decoration:none;color:#1d232b;border:1px solid #9aa3ae;border-radius:8px;padding:10px 16px;background:#fff}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-top:1px solid #eef0f2;padding:6px 4px;text-align:left}
`;

export function page(title: string, body: Html, opts: { status?: number; refreshSeconds?: number } = {}): { status: number; html: string } {
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
${opts.refreshSeconds ? html`<meta http-equiv="refresh" content="${opts.refreshSeconds}">` : ''}
<title>${title} · Red Button</title>
<style>${raw(CSS)}</style>
</head>
<body><main>
${body}
</main></body>
</html>`;
  return { status: opts.status ?? 200, html: doc.value };
}

/** Headers for every HTML page: no caching of private pages, no framing, no scripts at all. */
export const HTML_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

export function messagePage(title: string, message: string, kind: 'ok' | 'warn' | 'err', status = 200): { status: number; html: string } {
  return page(title, html`<h1>${title}</h1><div class="banner ${kind}" role="${kind === 'err' ? 'alert' : 'status'}">${message}</div>`, { status });
}
