import type { Language } from '../../http/accept-language';
import { type ExistingQuestionState, QUESTION_STAGE_LABELS } from '../../questions/contract';
import { Html, html } from '../html';
import type { PageContext } from '../page-context';
import { readableDate } from '../fragments';

/** The steps of the process picture, in order. */
export const PROCESS_STEPS = [
  { key: 'raised', label: { sv: 'Väckt', en: 'Raised' } },
  { key: 'accepted', label: { sv: 'Beredd', en: 'Prepared' } },
  { key: 'dialogue', label: { sv: 'Dialog', en: 'Dialogue' } },
  { key: 'decision-document', label: { sv: 'Beslutsunderlag', en: 'Decision document' } },
  { key: 'position-taken', label: { sv: 'Ställningstagande', en: 'Position' } },
  { key: 'decisions', label: { sv: 'Beslut i medlemsorganisationerna', en: 'Decisions in the member organisations' } },
  { key: 'closed', label: { sv: 'Avslutad', en: 'Closed' } },
] as const;

/**
 * The latest date of each step (in the order of PROCESS_STEPS; null where the
 * question has not been), read from the folded state, so a question of any
 * length dates every step without reading its events again: raised; accepted;
 * the latest dialogue or consultation; the latest decision document; the
 * position in force or else the latest sent back; the latest member decision
 * first recorded under any position; the closure (closed, withdrawn or declined).
 */
export function stepDates(state: ExistingQuestionState): Array<string | null> {
  const positions = [...state.earlierPositions, ...(state.position ? [state.position] : [])];
  const decisions = [...state.earlierPositions.map((earlier) => earlier.memberDecisions), state.memberDecisions].flatMap((byOrganisation) =>
    Object.values(byOrganisation).flatMap((decision) => (decision ? [(decision.earlierVersions[0] ?? decision.current).recordedAt] : [])),
  );
  return [
    state.raisedAt,
    state.acceptedAt,
    latest([...state.dialogues.map((dialogue) => dialogue.recordedAt), ...state.consultations.map((consultation) => consultation.openedAt)]),
    latest(state.decisionDocuments.map((document) => document.recordedAt)),
    latest(positions.map((position) => position.takenAt)),
    latest(decisions),
    state.closure?.at ?? null,
  ];
}

function latest(instants: string[]): string | null {
  return instants.reduce<string | null>((later, instant) => (later === null || Date.parse(instant) > Date.parse(later) ? instant : later), null);
}

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
export function processPicture(page: PageContext, state: ExistingQuestionState): Html {
  const { t, language } = page;
  const current = currentStep(state);
  const dates = stepDates(state);
  const ended = state.stage === 'withdrawn' || state.stage === 'declined';
  const labelOf = (index: number, language: Language) =>
    index === 6 && ended ? QUESTION_STAGE_LABELS[state.stage][language] : PROCESS_STEPS[index].label[language];
  return html`<h2 id="process">${t.process}</h2>
    <ol class="process" aria-labelledby="process">
      ${PROCESS_STEPS.map((_step, index) => {
        const date = dates[index];
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
