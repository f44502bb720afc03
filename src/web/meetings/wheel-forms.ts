import { ProposeYearWheelDto, type YearWheelCommand, type YearWheelState } from '../../meetings';
import { FORUMS, type ForumId } from '../../reference-data/forums';
import { Field, FormValues, given, swedishInstant, swedishLocal } from '../forms/form';
import type { CommandForm, CommandFormContext } from '../forms/form-flow';
import { mayGive } from '../forms/may-give';
import { label } from '../forms/fields';

/**
 * The annual wheel (årshjul) as forms: the working group proposes a year's
 * meetings and themes (a revision is a new proposal, starting from the wheel
 * as it stands), the chairs' council adopts it, which schedules its meetings.
 */
export type WheelForm = CommandForm<YearWheelState, YearWheelCommand>;
type Context = CommandFormContext<YearWheelState>;

const MEETING_ROWS = 8;
const THEME_ROWS = 3;
const MONTHS_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const rows = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

function proposeForm(year: number): WheelForm {
  return {
    slug: 'propose',
    action: 'ProposeYearWheel',
    title: label('Föreslå årshjul', 'Propose the annual wheel'),
    submit: label('Föreslå årshjulet', 'Propose the wheel'),
    fits: () => true,
    fields: ({ language, directory }) => [
      ...rows(MEETING_ROWS).flatMap((row): Field[] => [
        {
          name: `meeting${row}Forum`,
          kind: 'select',
          label: language === 'en' ? `Meeting ${row}: forum` : `Sammanträde ${row}: forum`,
          options: (directory?.forums ?? FORUMS).map((forum) => ({ value: forum.id, label: language === 'en' ? forum.nameEn : forum.nameSv })),
          optional: true,
        },
        {
          name: `meeting${row}StartsAt`,
          kind: 'datetime-local',
          label: language === 'en' ? `Meeting ${row}: starts` : `Sammanträde ${row}: börjar`,
          optional: true,
        },
        {
          name: `meeting${row}Deadline`,
          kind: 'datetime-local',
          label: language === 'en' ? `Meeting ${row}: deadline for items` : `Sammanträde ${row}: sista dag för ärenden`,
          optional: true,
        },
        {
          name: `meeting${row}Place`,
          kind: 'text',
          label: language === 'en' ? `Meeting ${row}: place` : `Sammanträde ${row}: plats`,
          optional: true,
          maxLength: 300,
        },
      ]),
      ...rows(THEME_ROWS).flatMap((row): Field[] => [
        {
          name: `theme${row}Month`,
          kind: 'select',
          label: language === 'en' ? `Theme ${row}: month` : `Tema ${row}: månad`,
          options: (language === 'en' ? MONTHS_EN : MONTHS_SV).map((month, index) => ({ value: String(index + 1), label: month })),
          optional: true,
        },
        { name: `theme${row}Title`, kind: 'text', label: language === 'en' ? `Theme ${row}: title` : `Tema ${row}: rubrik`, optional: true, maxLength: 300 },
      ]),
    ],
    // A revision starts from the wheel as it stands.
    initial: ({ state }: Context): FormValues =>
      state?.exists
        ? Object.fromEntries([
            ...state.meetings.slice(0, MEETING_ROWS).flatMap((meeting, index) => [
              [`meeting${index + 1}Forum`, meeting.forum],
              [`meeting${index + 1}StartsAt`, swedishLocal(meeting.startsAt)],
              [`meeting${index + 1}Deadline`, swedishLocal(meeting.agendaDeadline)],
              [`meeting${index + 1}Place`, meeting.place ?? ''],
            ]),
            ...state.themes.slice(0, THEME_ROWS).flatMap((theme, index) => [
              [`theme${index + 1}Month`, String(theme.month)],
              [`theme${index + 1}Title`, theme.title],
            ]),
          ])
        : {},
    dto: ProposeYearWheelDto,
    body: (values) => ({
      meetings: rows(MEETING_ROWS)
        .filter((row) => given(values, `meeting${row}Forum`) || given(values, `meeting${row}StartsAt`))
        .map((row) => ({
          forum: values[`meeting${row}Forum`],
          startsAt: swedishInstant(values[`meeting${row}StartsAt`]) ?? '',
          agendaDeadline: swedishInstant(values[`meeting${row}Deadline`]) ?? '',
          ...(given(values, `meeting${row}Place`) ? { place: values[`meeting${row}Place`] } : {}),
        })),
      themes: rows(THEME_ROWS)
        .filter((row) => given(values, `theme${row}Title`))
        .map((row) => ({ month: Number(values[`theme${row}Month`]), title: values[`theme${row}Title`] })),
    }),
    command: (_id, body) => ({
      type: 'ProposeYearWheel',
      data: {
        year,
        meetings: body.meetings as Array<{ forum: ForumId; startsAt: string; agendaDeadline: string; place?: string }>,
        themes: body.themes as Array<{ month: number; title: string }>,
      },
    }),
  };
}

function adoptForm(year: number): WheelForm {
  return {
    slug: 'adopt',
    action: 'AdoptYearWheel',
    title: label('Fastställ årshjul', 'Adopt the annual wheel'),
    submit: label('Fastställ årshjulet', 'Adopt the wheel'),
    fits: ({ state }) => state.exists && state.status === 'proposed',
    fields: () => [],
    body: () => ({}),
    command: () => ({ type: 'AdoptYearWheel', data: { year, meetingIds: [] } }),
  };
}

/** The wheel's forms for a year. */
export function wheelForms(year: number): WheelForm[] {
  return [proposeForm(year), adoptForm(year)];
}

export function wheelFormsOffered(year: number, context: Required<Context>): WheelForm[] {
  return wheelForms(year).filter((form) => mayGive(context.actor, form.action) && form.fits(context));
}
