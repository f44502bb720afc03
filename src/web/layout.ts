import { Action, roleMay } from '../auth/access-policy';
import { roleName } from '../auth/roles';
import { findOrganisation, isOrganisationId } from '../reference-data/organisations';
import { Html, HtmlValue, html } from './html';
import type { PageContext } from './page-context';
import type { Texts } from './texts';

export const WEB_ROOT = '/web';

/** A path inside the web interface with its query; empty values are left out. */
export function webPath(path: string, query: Record<string, string | number | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return `${WEB_ROOT}${path}${text ? `?${text}` : ''}`;
}

const NAVIGATION: Array<{ path: string; label: keyof Texts; action?: Action }> = [
  { path: '', label: 'start' },
  { path: '/log', label: 'log', action: 'log.read' },
  { path: '/follow-up', label: 'grid', action: 'follow-up.read' },
  { path: '/organisations', label: 'organisations', action: 'follow-up.read' },
  { path: '/meetings', label: 'meetings', action: 'meetings.read' },
  { path: '/annual-wheel', label: 'annualWheel', action: 'meetings.read' },
  { path: '/audit', label: 'audit', action: 'audit.read' },
  // The annual report for the dialogue on the structure: every role may read it; the chairs and auditors are those who look for it.
  { path: '/reports/structure', label: 'structureReport', action: 'reports.read' },
];

/** The organisation's name as the page's directory (the structure register) gives it; the default data's, or the id, otherwise. */
export function organisationName(id: string, page?: Pick<PageContext, 'directory'>): string {
  return page?.directory.organisations.find((organisation) => organisation.id === id)?.name ?? (isOrganisationId(id) ? findOrganisation(id).name : id);
}

/**
 * The page around every view: `lang`, a skip link, the header with who is
 * signed in and the language switch, the menu for what the role may read, and
 * the main landmark. The one stylesheet; no inline style or script (the CSP
 * forbids both).
 */
export function layout(page: PageContext, title: string, body: HtmlValue, options: { publicPage?: boolean } = {}): Html {
  const { t, actor } = page;
  const otherLanguage = page.language === 'sv' ? 'en' : 'sv';
  const switchQuery = new URLSearchParams({ ...page.query, lang: otherLanguage }).toString();
  const navigation = actor
    ? NAVIGATION.filter((item) => !item.action || roleMay(actor.role, item.action))
    : [{ path: '/public', label: 'publicPages' as const }];
  return html`<!doctype html>
    <html lang="${page.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – ${t.appName}</title>
        <link rel="stylesheet" href="${WEB_ROOT}/assets/app.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">${t.skipToContent}</a>
        <header class="site-header">
          <div class="site-header__brand"><a href="${webPath('')}">${t.appName}</a> <span class="site-header__tagline">${t.tagline}</span></div>
          <div class="site-header__tools">
            <a href="${page.path}?${switchQuery}" lang="${otherLanguage}" hreflang="${otherLanguage}">${page.language === 'sv' ? t.inEnglish : t.inSwedish}</a>
            ${
              actor
                ? html`<span class="site-header__who"
                      >${t.signedInAs} <strong>${actor.displayName}</strong>, ${roleName(actor.role, page.language)},
                      ${organisationName(actor.organisationId, page)}</span
                    >
                    ${
                      page.session
                        ? html`<form method="post" action="${webPath('/sign-out')}" class="inline-form">
                            <input type="hidden" name="_csrf" value="${page.csrfToken}" /><button type="submit" class="button button--secondary">
                              ${t.signOut}
                            </button>
                          </form>`
                        : ''
                    }`
                : options.publicPage
                  ? html`<a href="${webPath('/sign-in')}">${t.signIn}</a>`
                  : ''
            }
          </div>
        </header>
        ${
          navigation.length > 0
            ? html`<nav class="site-nav" aria-label="${t.mainNavigation}">
                <ul>
                  ${navigation.map(
                    (item) =>
                      html`<li>
                        <a
                          href="${webPath(item.path)}"
                          ${page.path === webPath(item.path) || (item.path !== '' && page.path.startsWith(webPath(item.path))) ? html` aria-current="page"` : ''}
                          >${t[item.label]}</a
                        >
                      </li>`,
                  )}
                </ul>
              </nav>`
            : ''
        }
        <main id="main" tabindex="-1">
          <h1>${title}</h1>
          ${body}
        </main>
        <footer class="site-footer"><p>${t.appName} · ${t.tagline}</p></footer>
      </body>
    </html> `;
}
