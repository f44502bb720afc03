import { ROLE_IDS, roleName } from '../../auth/roles';
import { Html, html } from '../html';
import { layout, webPath } from '../layout';
import type { PageContext } from '../page-context';

export type SignInErrors = Partial<Record<'name' | 'role' | 'organisation', string>>;

/**
 * The sign-in page, after the GOV.UK pattern: an error summary at the top
 * linking to each field, the error beside its field, one primary action.
 */
export function signInPage(
  page: PageContext,
  options: { local: boolean; oidc: boolean; next?: string; errors?: SignInErrors; values?: { name: string; role: string; organisation: string } },
): Html {
  const { t } = page;
  const errors = options.errors ?? {};
  const values = options.values ?? { name: '', role: '', organisation: '' };
  const errorEntries = Object.entries(errors) as Array<[keyof SignInErrors, string]>;
  const fieldError = (field: keyof SignInErrors) => (errors[field] ? html`<span class="error-message" id="${field}-error">${errors[field]}</span>` : '');
  const local = html` <p class="lead">${t.localSignInLead}</p>
    ${
      errorEntries.length > 0
        ? html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
            <h2 id="error-summary-title">${t.errorSummaryTitle}</h2>
            <ul>
              ${errorEntries.map(([field, message]) => html`<li><a href="#${field}">${message}</a></li>`)}
            </ul>
          </div>`
        : ''
    }
    <form method="post" action="${webPath('/sign-in')}" novalidate>
      <input type="hidden" name="_csrf" value="${page.csrfToken}" />
      ${options.next ? html`<input type="hidden" name="next" value="${options.next}" />` : ''}
      <div class="form-group${errors.name ? ' form-group--error' : ''}">
        <label for="name">${t.name}</label>
        <span class="hint" id="name-hint">${t.nameHint}</span>
        ${fieldError('name')}
        <input
          type="text"
          id="name"
          name="name"
          autocomplete="name"
          maxlength="100"
          value="${values.name}"
          aria-describedby="name-hint${errors.name ? ' name-error' : ''}"
        />
      </div>
      <div class="form-group${errors.role ? ' form-group--error' : ''}">
        <label for="role">${t.role}</label>
        ${fieldError('role')}
        <select id="role" name="role" ${errors.role ? html` aria-describedby="role-error"` : ''}>
          <option value="">${t.chooseRole}</option>
          ${ROLE_IDS.map((role) => html`<option value="${role}" ${values.role === role ? ' selected' : ''}>${roleName(role, page.language)}</option>`)}
        </select>
      </div>
      <div class="form-group${errors.organisation ? ' form-group--error' : ''}">
        <label for="organisation">${t.organisation}</label>
        ${fieldError('organisation')}
        <select id="organisation" name="organisation" ${errors.organisation ? html` aria-describedby="organisation-error"` : ''}>
          <option value="">${t.chooseOrganisation}</option>
          ${page.directory.organisations.map(
            (organisation) =>
              html`<option value="${organisation.id}" ${values.organisation === organisation.id ? ' selected' : ''}>${organisation.name}</option>`,
          )}
        </select>
      </div>
      <button type="submit" class="button">${t.signIn}</button>
    </form>`;
  const oidc = options.oidc
    ? html`<p><a class="button" href="${webPath('/sign-in/oidc', { next: options.next })}">${t.oidcSignIn}</a></p>`
    : options.local
      ? ''
      : html`<p>${t.signInUnavailable}</p>`;
  return layout(page, options.local ? t.localSignInTitle : t.signIn, html`${oidc}${options.local ? local : ''}`, { publicPage: true });
}
