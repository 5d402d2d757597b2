import { printable } from '../domain/text-rules';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for HTML element content and quoted attribute values. Control, invisible and
 * text-direction characters never reach a printed receipt or letter (a name must not
 * be made to display as another), even from records written before the API refused them.
 */
export function escapeHtml(value: unknown): string {
  return printable(String(value ?? '')).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A tagged template whose interpolations are escaped unless they are already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const render = (v: unknown): string => {
    if (v instanceof Html) return v.text;
    if (Array.isArray(v)) return v.map(render).join('');
    return escapeHtml(v);
  };
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

/** A self-contained page: inline styles only, nothing fetched (no CDN is reachable offline). */
export function page(lang: string, title: string, style: string, body: Html): string {
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
        <style>
          ${new Html(style)}
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html> `.text;
}

/**
 * Served HTML (receipts, letters) may run nothing and load nothing but its own inline style, and
 * no page of another site may frame it: a framed receipt could be overlaid to mislead (clickjacking).
 * The pages for people link to receipts and never frame them, so no frame of this site is needed either.
 */
export const HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** DD.MM.YYYY: the one date formatter lives in the domain, with the other document words. */
export { documentDate } from '../domain/document-words';
