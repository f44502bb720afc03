import type { Language } from '../../http/accept-language';
import { type ExistingQuestionState, QUESTION_STAGE_LABELS } from '../../questions/contract';
import { Html, html } from '../html';
import type { PageContext } from '../page-context';
import { readableDate } from '../fragments';

/** The steps of the process picture, in order, with the event that reaches each. */
export const PROCESS_STEPS = [
  { key: 'raised', event: 'QuestionRaised', label: { sv: 'Väckt', en: 'Raised' } },
  { key: 'accepted', event: 'QuestionAccepted', label: { sv: 'Beredd', en: 'Prepared' } },
  { key: 'dialogue', event: 'DialogueRecorded', label: { sv: 'Dialog', en: 'Dialogue' } },
  { key: 'decision-document', event: 'DecisionDocumentAttached', label: { sv: 'Beslutsunderlag', en: 'Decision document' } },
  { key: 'position-taken', event: 'PositionTaken', label: { sv: 'Ställningstagande', en: 'Position' } },
  { key: 'decisions', event: 'MemberDecisionRecorded', label: { sv: 'Beslut i medlemsorganisationerna', en: 'Decisions in the member organisations' } },
  { key: 'closed', event: 'QuestionClosed', label: { sv: 'Avslutad', en: 'Closed' } },
] as const;

/** Which step a question is at: its stage, and after a position the member decisions once the first is in. */
export function currentStep(state: ExistingQuestionState): number {
  switch (state.stage) {
    case 'raised':
      return 0;
    case 'accepted':
      return 1;
    case 'dialogue':
      return 2;
    case 'decision-document':
      return 3;
    case 'position-taken':
      return Object.keys(state.memberDecisions).length > 0 ? 5 : 4;
    default:
      return 6;
  }
}

/**
 * The process picture: väckt → beredd → dialog → beslutsunderlag →
 * ställningstagande → beslut i medlemsorganisationerna → avslutad, as an
 * ordered list (read in order by a screen reader, drawn as a line by the
 * stylesheet), the current step marked with `aria-current="step"`, each step's
 * latest date, and the loops where a position was sent back to dialogue.
 */
export function processPicture(page: PageContext, state: ExistingQuestionState, stepDates: Map<string, string>): Html {
  const { t, language } = page;
  const current = currentStep(state);
  const ended = state.stage === 'withdrawn' || state.stage === 'declined';
  const labelOf = (index: number, language: Language) =>
    index === 6 && ended ? QUESTION_STAGE_LABELS[state.stage][language] : PROCESS_STEPS[index].label[language];
  return html`<h2 id="process">${t.process}</h2>
    <ol class="process" aria-labelledby="process">
      ${PROCESS_STEPS.map((step, index) => {
        const date = index === 6 && state.closure ? state.closure.at : stepDates.get(step.event);
        const state_ = index < current ? 'done' : index === current ? 'current' : 'todo';
        return html`<li class="process__step--${state_}" ${index === current ? html` aria-current="step"` : ''}>
          <span class="process__name">${labelOf(index, language)}</span>${
            index === current ? html`<span class="visually-hidden"> (${t.currentStage})</span>` : ''
          }<span class="process__date">${date ? readableDate(date, language) : ''}</span>
        </li>`;
      })}
    </ol>
    ${
      state.earlierPositions.length > 0
        ? html`<div class="loops">
            <h3>${t.sentBack}</h3>
            <ul>
              ${state.earlierPositions.map(
                (earlier) =>
                  html`<li>
                    ${t.position} ${earlier.number} (${readableDate(earlier.takenAt, language)}) → ${t.sentBack.toLowerCase()}
                    ${readableDate(earlier.sentBackAt, language)}: ${earlier.sentBackReason}
                  </li>`,
              )}
            </ul>
          </div>`
        : ''
    }`;
}
