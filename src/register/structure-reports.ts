import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, type RecordedEvent } from '../event-store/event-store.port';
import { InvalidInputError } from '../http/problem';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { type StructureReport, buildStructureReport } from './structure-report';

/** Events read from the log per round trip while the report reads it. */
const PAGE = 5_000;

/**
 * The annual report on the structure, computed from the stored log itself —
 * the register's, the meetings' and the questions' events — so it is the
 * record's own answer for any year, with no read model of its own. It reads
 * the whole log, so it is a report to open once for the yearly dialogue, not a
 * page to refresh (docs/structure.md).
 */
@Injectable()
export class StructureReports {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async forYear(yearText: string): Promise<StructureReport> {
    if (!/^\d{4}$/.test(yearText) || Number(yearText) < 2000 || Number(yearText) > 2100) {
      throw new InvalidInputError([{ field: 'year', rule: 'isYear', message: 'year must be a calendar year, 2000–2100' }]);
    }
    const wanted = (event: RecordedEvent) =>
      event.streamId.startsWith('question-') || event.streamId.startsWith('meeting-') || event.streamId === 'register-structure';
    const events: RecordedEvent[] = [];
    let after: RecordedEvent['position'] | undefined;
    for (;;) {
      const page = await this.store.readAll({ ...(after ? { after } : {}), maxCount: PAGE });
      events.push(...page.filter(wanted));
      if (page.length < PAGE) break;
      after = page[page.length - 1].position;
    }
    return buildStructureReport(Number(yearText), events, this.clock.now().toISOString(), this.clock.timeZone);
  }
}
