import type { ExistingMeetingState, ExistingYearWheelState } from '../../meetings';
import { readableDate } from '../fragments';
import { Html, html } from '../html';
import { layout, webPath } from '../layout';
import type { PageContext } from '../page-context';
import { YEAR_WHEEL_EVENT_LABELS } from '../../meetings';
import { actionList, eventLabel, recordedNotice } from '../forms/form.page';
import type { WheelForm } from './wheel-forms';
import { forumName } from './meeting.page';

const SIZE = 520;
const CENTRE = SIZE / 2;
const RADIUS = 220;
const DOT_RADIUS = 175;

/** A point on the circle at a fraction of the year (0 = 1 January, at the top, clockwise). */
function at(fraction: number, radius: number): [number, number] {
  const angle = fraction * 2 * Math.PI - Math.PI / 2;
  return [Number((CENTRE + radius * Math.cos(angle)).toFixed(2)), Number((CENTRE + radius * Math.sin(angle)).toFixed(2))];
}

function fractionOfYear(instant: string, year: number): number {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  return Math.min(0.999, Math.max(0, (Date.parse(instant) - start) / (end - start)));
}

/** One month's sector: from its first day's angle to the next month's. */
function sector(month: number, year: number): string {
  const from = fractionOfYear(new Date(Date.UTC(year, month, 1)).toISOString(), year);
  const to = month === 11 ? 1 : fractionOfYear(new Date(Date.UTC(year, month + 1, 1)).toISOString(), year);
  const [x1, y1] = at(from, RADIUS);
  const [x2, y2] = at(to, RADIUS);
  return `M ${CENTRE} ${CENTRE} L ${x1} ${y1} A ${RADIUS} ${RADIUS} 0 0 1 ${x2} ${y2} Z`;
}

/**
 * The annual wheel (årshjul) drawn as a wheel: the twelve months around a
 * circle, January at the top, each meeting a dot at its date (the chairs'
 * council's in red). The SVG is an image with a title and a description; the
 * same meetings follow as a list, which is the text alternative and the way
 * to each meeting by keyboard.
 */
export function annualWheelPage(
  page: PageContext,
  year: number,
  wheel: ExistingYearWheelState | undefined,
  meetings: ExistingMeetingState[],
  options: { publicView: boolean; forms?: readonly WheelForm[]; recorded?: string },
): Html {
  const { t, language } = page;
  const months = t.months.split(' ');
  const base = options.publicView ? '/public' : '';
  const dots = meetings.map((meeting) => {
    const [x, y] = at(fractionOfYear(meeting.startsAt, year), DOT_RADIUS);
    return html`<circle class="meeting-dot meeting-dot--${meeting.forum}" cx="${x}" cy="${y}" r="9"
      ><title>${readableDate(meeting.startsAt, language)}: ${meeting.title}</title></circle
    >`;
  });
  const labels = months.map((month, index) => {
    const [x, y] = at((index + 0.5) / 12, RADIUS - 28);
    return html`<text class="month-label" x="${x}" y="${y}" text-anchor="middle" dominant-baseline="middle">${month.slice(0, 3)}</text>`;
  });
  return layout(
    page,
    `${t.annualWheel} ${year}`,
    html`${recordedNotice(page, eventLabel(YEAR_WHEEL_EVENT_LABELS, options.recorded))}
      <nav class="pager" aria-label="${t.year}">
        <a href="${webPath(`${base}/annual-wheel`, { year: year - 1 })}" rel="prev">${year - 1}</a
        ><a href="${webPath(`${base}/annual-wheel`, { year: year + 1 })}" rel="next">${year + 1}</a>
      </nav>
      ${wheel ? html`<p>${t.status}: ${wheel.status === 'adopted' ? html`${t.wheelAdopted} ${readableDate(wheel.adoptedAt, language)}` : t.wheelProposed}</p>` : html`<p>${t.noWheel}</p>`}
      ${actionList(page, options.forms ?? [], (slug) => `/annual-wheel/${year}/act/${slug}`)}
      <svg class="wheel" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-labelledby="wheel-title wheel-desc" xmlns="http://www.w3.org/2000/svg">
        <title id="wheel-title">${t.annualWheel} ${year}</title>
        <desc id="wheel-desc">
          ${meetings.length} ${t.meetings.toLowerCase()}; ${t.wheelTextAlternative.toLowerCase()} ${language === 'en' ? 'below' : 'nedan'}.
        </desc>
        ${months.map((_, index) => html`<path class="month-sector${index % 2 === 1 ? ' month-sector--even' : ''}" d="${sector(index, year)}"></path>`)}
        ${labels} ${dots}
        <text class="year-label" x="${CENTRE}" y="${CENTRE}" text-anchor="middle" dominant-baseline="middle">${year}</text>
      </svg>
      <h2 id="wheel-list">${t.wheelTextAlternative}</h2>
      ${
        meetings.length === 0
          ? html`<p>${t.nothingHere}</p>`
          : html`<ul>
              ${meetings.map(
                (meeting) =>
                  html`<li>
                    ${readableDate(meeting.startsAt, language)}:
                    <a href="${webPath(`${base}/meetings/${meeting.id}`)}">${meeting.title}</a> (${forumName(meeting.forum, page)})
                  </li>`,
              )}
            </ul>`
      }
      ${
        wheel && wheel.themes.length > 0
          ? html`<h2>${t.themes}</h2>
              <ul>
                ${wheel.themes.map((theme) => html`<li>${months[theme.month - 1]}: ${theme.title}${theme.description ? html` – ${theme.description}` : ''}</li>`)}
              </ul>`
          : ''
      }`,
    { publicPage: options.publicView },
  );
}
