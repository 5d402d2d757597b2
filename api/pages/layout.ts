import { lastDayOfTerm } from '../../domain/calendar';
import type { Principal } from '../auth';
import { documentDate, Html, html } from '../html';
import { PAGE_LANGUAGES, roleWord, type PageLanguage, type PageTexts } from './texts';

/** What every page knows about its request: the language, and who is signed in. */
export interface PageContext {
  lang: PageLanguage;
  t: PageTexts;
  principal?: Principal;
  csrfToken?: string;
  /** The signed-in key's body by name, in the page's language. */
  bodyName?: string;
  /** The request's path and query, for the language switch. */
  url: string;
}

/**
 * Scripts and styles come from this server only; htmx is told not to inject its inline
 * indicator styles, so no inline style or script is needed.
 */
export const pagesCsp = (formOrigins: string[] = []) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    ["form-action 'self'", ...formOrigins].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, allowEval: false, allowScriptTags: false });

/** The same URL in the other language. */
function inLanguage(url: string, lang: PageLanguage): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang);
  return `${u.pathname}${u.search}`;
}

/** The CSRF token every form carries (checked on every POST; api/pages/session.ts). */
export const csrfField = (ctx: PageContext) =>
  html`<input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />`;

function navigation(ctx: PageContext): Html {
  const p = ctx.principal;
  if (!p) return html``;
  const links: Array<[string, string]> =
    p.role === 'portal'
      ? []
      : [
          ['/app', ctx.t.workbench],
          ['/app/dashboard', ctx.t.dashboard],
        ];
  const who = p.person ? `${p.person.surname} ${p.person.initials}, ${p.person.position}` : roleWord(ctx.lang, p.role);
  return html`<nav aria-label="${ctx.t.product}">
      <ul>
        ${links.map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}
      </ul>
    </nav>
    <span class="who">${ctx.t.signedInAs} ${who}${ctx.bodyName ? ` (${ctx.bodyName})` : ''}</span>
    <form method="post" action="/app/sign-out">${csrfField(ctx)}<button type="submit">${ctx.t.signOut}</button></form>`;
}

export function layoutPage(ctx: PageContext, title: string, body: Html): string {
  const other = PAGE_LANGUAGES.filter((l) => l !== ctx.lang);
  return html`<!doctype html>
    <html lang="${ctx.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content="${HTMX_CONFIG}" />
        <title>${title} — ${ctx.t.product}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/app/assets/pages.css" />
        <script src="/app/assets/htmx.min.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">${ctx.t.skip}</a>
        <header class="top">
          <strong>${ctx.t.product}</strong>
          ${navigation(ctx)}
          <span
            >${ctx.t.language}:
            ${other.map((l) => html`<a href="${inLanguage(ctx.url, l)}" lang="${l}">${l === 'kk' ? 'Қазақша' : 'Русский'}</a>`)}</span
          >
        </header>
        <main id="main">
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.text;
}

/** The last day of a term that ends at an Almaty midnight, as documents print it: "11.12.2026". */
export function termLastDay(deadline: Date | string): string {
  return documentDate(lastDayOfTerm(deadline));
}

/** Almaty wall-clock time of an instant: "27.11.2026 15:30". */
export function almatyDateTime(at: Date | string): string {
  const local = new Date(new Date(at).getTime() + 5 * 3_600_000).toISOString();
  return `${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)} ${local.slice(11, 16)}`;
}
