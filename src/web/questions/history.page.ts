import type { HistoryEntry, StreamIntegrity } from '../../audit/contract';
import { roleName } from '../../auth/roles';
import { effectiveDateOf } from '../../shared-kernel/calendar';
import { readableDate } from '../fragments';
import { Html, html } from '../html';
import { layout, organisationName, webPath } from '../layout';
import type { PageContext } from '../page-context';

/**
 * The auditor's history of a question: every stored event with who, when —
 * the day it happened (Inträffade, effective time) beside when it was
 * recorded (Registrerad) — why, and its hash and the previous one.
 */
export function historyPage(page: PageContext, question: { id: string; title: string }, entries: HistoryEntry[], integrity: StreamIntegrity): Html {
  const { t, language } = page;
  return layout(
    page,
    `${t.history}: ${question.title}`,
    html`<p class="${integrity.intact ? 'status-ok' : 'status-broken'}">${integrity.intact ? t.verifyOk : t.verifyBroken} (${integrity.events} ${t.events})</p>
      <p>
        <a href="${webPath(`/questions/${question.id}`)}">${question.title}</a> · <a href="${webPath(`/questions/${question.id}/dossier`)}">${t.dossier}</a>
      </p>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">
            ${t.history}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t.revision}</th>
              <th scope="col">${t.happenedOn}</th>
              <th scope="col">${t.recordedAt}</th>
              <th scope="col">${t.what}</th>
              <th scope="col">${t.actor}</th>
              <th scope="col">${t.why}</th>
              <th scope="col">${t.hash}</th>
              <th scope="col">${t.previousHash}</th>
            </tr>
          </thead>
          <tbody>
            ${entries.map(
              (entry) =>
                html`<tr>
                  <td>${entry.revision}</td>
                  <td>${readableDate(effectiveDateOf(entry.metadata), language)}</td>
                  <td>${readableDate(entry.metadata.occurredAt, language)}</td>
                  <td>${entry.label}</td>
                  <td>
                    ${entry.metadata.actor.displayName}, ${roleName(entry.metadata.actor.role, language)},
                    ${organisationName(entry.metadata.actor.organisationId, page)}
                  </td>
                  <td>${entry.metadata.reason ?? ''}</td>
                  <td class="mono">${entry.hash}</td>
                  <td class="mono">${entry.previousHash}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
  );
}
