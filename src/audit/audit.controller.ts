import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAcceptLanguage, ApiProblemResponses } from '../http/openapi/api-responses.decorators';
import { OrganisationFollowUpAsOf } from '../follow-up/contract';
import { DigestStatementView, VerificationReportView } from './audit.responses';
import { Allow } from '../auth/auth.guard';
import { EVENT_STORE, EventStore, parsePosition } from '../event-store/event-store.port';
import { Language, PreferredLanguage } from '../http/accept-language';
import { InvalidInputError } from '../http/problem';
import { ApiOrganisationParam, KnownOrganisationPipe } from '../reference-data/known-organisation.pipe';
import { OrganisationId } from '../reference-data/organisations';
import { AuditLog } from './audit-log';
import { DigestQueryDto, FollowUpAsOfQueryDto, VerifyQueryDto } from './audit.dto';
import { normaliseDigest } from './digest';
import { followUpAsOf } from './follow-up-as-of';
import { type SnapshotLookup, parseAsOf, snapshotLookup } from '../time-travel/contract';
import { READ_SQL, type ReadSql } from '../database/read-sql';
import { ProjectionsService } from '../projections/projections.service';
import { QUESTION_LIST_PROJECTION, questionsRaisedBy } from '../question-list/contract';
import { formatPosition } from '../event-store/event-store.port';
import { StructureDirectory } from '../register/contract';

/**
 * For auditors (revisorer): is the stored history the one that was written, and
 * what did the parties owe on a past date. Everything here is computed from the
 * event log itself, never from read models (the follow-up as of a date takes
 * only the list of questions from the question list's rows).
 */
@ApiTags('audit (revision)')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  private readonly log: AuditLog;
  private readonly snapshots: SnapshotLookup;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_SQL) private readonly sql: ReadSql,
    private readonly projections: ProjectionsService,
    private readonly directory: StructureDirectory,
  ) {
    this.log = new AuditLog(store);
    this.snapshots = snapshotLookup((text, params) => sql.prepared('fragespar_question_snapshot', text, params));
  }

  @Get('verify')
  @Allow('audit.read')
  @ApiOkResponse({ type: VerificationReportView })
  @ApiProblemResponses([400])
  @ApiOperation({
    summary: "Checks every stream's hash chain and reports the first broken link; with digest and asOf, also proves the log up to then unchanged",
  })
  verify(@Query() query: VerifyQueryDto) {
    if (query.asOf !== undefined && query.digest === undefined) {
      throw new InvalidInputError([{ field: 'asOf', rule: 'needsDigest', message: 'asOf is the position printed with a digest: send the digest too' }]);
    }
    let expectedDigest: string | undefined;
    if (query.digest !== undefined) {
      expectedDigest = normaliseDigest(query.digest);
      if (!expectedDigest) {
        throw new InvalidInputError([
          { field: 'digest', rule: 'isDigest', message: 'digest must be 64 hexadecimal digits (spaces allowed), as GET /audit/digest printed it' },
        ]);
      }
    }
    return this.log.verify({ expectedDigest, asOf: query.asOf === undefined ? undefined : parsePosition(query.asOf) });
  }

  @Get('digest')
  @Allow('audit.read')
  @ApiOkResponse({ type: DigestStatementView })
  @ApiProblemResponses([400])
  @ApiOperation({ summary: "A digest over every stream's head, to print in approved minutes and verify against later" })
  digest(@Query() query: DigestQueryDto) {
    return this.log.digest(query.asOf === undefined ? undefined : parsePosition(query.asOf));
  }

  @Get('organisations/:id/follow-up')
  @Allow('audit.read')
  @ApiAcceptLanguage()
  @ApiOrganisationParam()
  @ApiOkResponse({ type: OrganisationFollowUpAsOf })
  @ApiProblemResponses([400, 404])
  @ApiOperation({ summary: 'What an organisation owed and had done at a past instant or date, folded from the events (time travel of the follow-up)' })
  async followUp(@Param('id', KnownOrganisationPipe) id: OrganisationId, @Query() query: FollowUpAsOfQueryDto, @PreferredLanguage() language: Language) {
    const asOf = parseAsOf(query.asOf);
    if (!asOf) {
      throw new InvalidInputError([
        { field: 'asOf', rule: 'isInstant', message: 'asOf must be an instant with time zone (2025-03-01T12:00:00+01:00) or a date (2025-03-01)' },
      ]);
    }
    // Every question raised by now is in the list before it is asked which were raised by asOf.
    const head = await this.store.headPosition();
    await this.projections.waitFor([QUESTION_LIST_PROJECTION], head && formatPosition(head));
    const questionIds = await questionsRaisedBy(this.sql, asOf);
    return followUpAsOf(
      { store: this.store, snapshots: this.snapshots },
      questionIds,
      id,
      asOf,
      query,
      language,
      query.inEffectOn,
      await this.directory.organisation(id),
    );
  }
}
