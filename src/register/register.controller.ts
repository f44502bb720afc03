import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Allow } from '../auth/auth.guard';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CommandEnvelope, CommandOutcome, idCreatedBy } from '../command-handling/execute-with-decider';
import { READ_SQL, ReadSql } from '../database/read-sql';
import { CommandEnvelopeFromRequest } from '../http/command-envelope.decorator';
import { IdempotentPost } from '../http/idempotency/idempotency.interceptor';
import { ApiCommandResponses, ApiProblemResponses, ApiReadYourWrites } from '../http/openapi/api-responses.decorators';
import { afterPositionOf } from '../http/read-query.dto';
import { ProjectionsService } from '../projections/projections.service';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { ExecuteRegisterCommand } from './execute-register-command';
import { STRUCTURE_ID, registerDecider } from './register.decider';
import { RegisterCommand } from './register.commands';
import {
  BeginPersonRoleDto,
  ChangeForumRoleDto,
  DiscontinueForumDto,
  EndPersonRoleDto,
  EstablishForumDto,
  JoinOrganisationDto,
  LeaveOrganisationDto,
  MergeForumDto,
  RegisterPersonDto,
  RegisterQueryDto,
  RenameForumDto,
} from './register.dto';
import { RegisterReader } from './contract';
import { REGISTER_TABLE, registerProjection } from './register.projection';
import { RegistrarNotificationQueries } from './registrar-notification-queries';
import { RegisterCommandResult, RegistrarNotificationList, StructureView } from './register.responses';
import { isEmpty, type StructureState } from './register.state';
import { structureAsOf } from './structure-as-of';
import { seedCommand } from './structure-file';

/** The structure register (strukturregistret): the structure as of a date, and the commands that change it. */
@ApiTags('structure register (strukturregister)')
@ApiBearerAuth()
@Controller('register')
export class RegisterController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly projections: ProjectionsService,
    @Inject(READ_SQL) private readonly sql: ReadSql,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notices: RegistrarNotificationQueries,
    private readonly reader: RegisterReader,
  ) {}

  @Get()
  @Allow('register.read')
  @ApiOkResponse({ type: StructureView })
  @ApiProblemResponses([400])
  @ApiReadYourWrites()
  @ApiOperation({ summary: 'The structure as it stood on a date: member organisations and registrars, forums under their names then, who held which role' })
  async structure(@Query() query: RegisterQueryDto, @Headers('x-after-position') afterHeader: string | undefined) {
    await this.projections.waitFor([registerProjection.name], afterPositionOf(query, afterHeader));
    const [row] = await this.sql.query<Array<{ state: StructureState }>>(`SELECT state FROM ${REGISTER_TABLE} WHERE structure_id = $1`, [STRUCTURE_ID]);
    const state = row?.state ?? registerDecider.initialState();
    // Whether the rules apply is the rules' own reading (the stream, read up to its last event), not the view's, which
    // may not have seen the start's seeding yet: a client that seeds an empty register would otherwise be refused.
    const loaded = !isEmpty(state) || !isEmpty(await this.reader.structure());
    return { ...structureAsOf(state, query.asOf ?? today(this.clock)), loaded };
  }

  @Get('organisations/:organisationId/notifications')
  @Allow('register.read')
  @ApiOkResponse({ type: RegistrarNotificationList })
  @ApiProblemResponses([400])
  @ApiOperation({
    summary:
      "What the organisation's registrar was told, and when: positions naming it, consultations sent to it, decisions and answers it owes nearing or past their due date",
  })
  async notifications(@Param('organisationId') organisationId: string) {
    return { organisationId, items: await this.notices.forOrganisation(organisationId) };
  }

  @IdempotentPost('seed')
  @ApiCommandResponses(RegisterCommandResult, { status: 201, path: false })
  @Allow('SeedStructure')
  @ApiOperation({ summary: 'Load the structure file (STRUCTURE_FILE, or the built-in Värmland file) into the empty register' })
  seed(@CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run(seedCommand(this.config), envelope, res);
  }

  @IdempotentPost('organisations')
  @ApiCommandResponses(RegisterCommandResult, { status: 201, path: false })
  @Allow('JoinOrganisation')
  @ApiOperation({ summary: 'An organisation joins the collaboration (ny part)' })
  join(@Body() body: JoinOrganisationDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    const { organisationId, name, kind, joinedOn } = body;
    return this.run({ type: 'JoinOrganisation', data: { organisationId, name, kind, joinedOn } }, envelope, res);
  }

  @IdempotentPost('organisations/:organisationId/leave')
  @ApiCommandResponses(RegisterCommandResult)
  @HttpCode(200)
  @Allow('LeaveOrganisation')
  @ApiOperation({ summary: 'An organisation leaves the collaboration (utträde), with a reason' })
  leave(
    @Param('organisationId') organisationId: string,
    @Body() body: LeaveOrganisationDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'LeaveOrganisation', data: { organisationId, leftOn: body.leftOn, reason: body.reason } }, envelope, res);
  }

  @IdempotentPost('forums')
  @ApiCommandResponses(RegisterCommandResult, { status: 201, path: false })
  @Allow('EstablishForum')
  @ApiOperation({ summary: 'A forum is established, by whom (e.g. a topic forum by Värmlandsrådet)' })
  establish(@Body() body: EstablishForumDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    const { forumId, kind, nameSv, nameEn, role, establishedOn, establishedBy } = body;
    return this.run(
      { type: 'EstablishForum', data: { forumId, kind, nameSv, nameEn, role: { sv: role.sv, en: role.en }, establishedOn, establishedBy } },
      envelope,
      res,
    );
  }

  @IdempotentPost('forums/:forumId/rename')
  @ApiCommandResponses(RegisterCommandResult)
  @HttpCode(200)
  @Allow('RenameForum')
  @ApiOperation({ summary: 'A forum gets a new name from a date; the earlier name stays in its history' })
  rename(
    @Param('forumId') forumId: string,
    @Body() body: RenameForumDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'RenameForum', data: { forumId, nameSv: body.nameSv, nameEn: body.nameEn, renamedOn: body.renamedOn } }, envelope, res);
  }

  @IdempotentPost('forums/:forumId/role')
  @ApiCommandResponses(RegisterCommandResult)
  @HttpCode(200)
  @Allow('ChangeForumRole')
  @ApiOperation({ summary: 'A forum gets a new role text from a date' })
  changeRole(
    @Param('forumId') forumId: string,
    @Body() body: ChangeForumRoleDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'ChangeForumRole', data: { forumId, role: { sv: body.role.sv, en: body.role.en }, changedOn: body.changedOn } }, envelope, res);
  }

  @IdempotentPost('forums/:forumId/merge')
  @ApiCommandResponses(RegisterCommandResult)
  @HttpCode(200)
  @Allow('MergeForum')
  @ApiOperation({ summary: 'A forum is merged into another, with a reason' })
  merge(
    @Param('forumId') forumId: string,
    @Body() body: MergeForumDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'MergeForum', data: { forumId, intoForumId: body.intoForumId, mergedOn: body.mergedOn, reason: body.reason } }, envelope, res);
  }

  @IdempotentPost('forums/:forumId/discontinue')
  @ApiCommandResponses(RegisterCommandResult)
  @HttpCode(200)
  @Allow('DiscontinueForum')
  @ApiOperation({ summary: 'A forum is discontinued, with a reason' })
  discontinue(
    @Param('forumId') forumId: string,
    @Body() body: DiscontinueForumDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'DiscontinueForum', data: { forumId, discontinuedOn: body.discontinuedOn, reason: body.reason } }, envelope, res);
  }

  @IdempotentPost('people')
  @ApiCommandResponses(RegisterCommandResult, { status: 201, path: false })
  @Allow('RegisterPerson')
  @ApiOperation({
    summary: 'A person: name, organisation, contact, and the sign-in subject that is them; optionally the roles they take up, in the same append',
  })
  registerPerson(@Body() body: RegisterPersonDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    const personId = idCreatedBy(envelope.commandId, 'person');
    const { name, organisationId, email, userId } = body;
    const roles = (body.roles ?? []).map((role, index) => ({
      roleId: idCreatedBy(envelope.commandId, `person-role-${index}`),
      role: role.role,
      ...(role.forumId ? { forumId: role.forumId } : {}),
      ...(role.organisationId ? { organisationId: role.organisationId } : {}),
      from: role.from,
    }));
    return this.run(
      {
        type: 'RegisterPerson',
        data: { personId, name, organisationId, ...(email ? { email } : {}), ...(userId ? { userId } : {}), ...(roles.length > 0 ? { roles } : {}) },
      },
      envelope,
      res,
      { personId, ...(roles.length > 0 ? { roleIds: roles.map((role) => role.roleId) } : {}) },
    );
  }

  @IdempotentPost('people/:personId/roles')
  @ApiCommandResponses(RegisterCommandResult, { status: 201 })
  @Allow('BeginPersonRole')
  @ApiOperation({ summary: 'A person takes up a role from a date: chair, vice chair, member or secretary of a forum, or registrar of an organisation' })
  beginRole(
    @Param('personId') personId: string,
    @Body() body: BeginPersonRoleDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const roleId = idCreatedBy(envelope.commandId, 'person-role');
    const where = { ...(body.forumId ? { forumId: body.forumId } : {}), ...(body.organisationId ? { organisationId: body.organisationId } : {}) };
    return this.run({ type: 'BeginPersonRole', data: { personId, roleId, role: body.role, ...where, from: body.from } }, envelope, res, { personId, roleId });
  }

  @IdempotentPost('people/:personId/roles/:roleId/end')
  @ApiCommandResponses(RegisterCommandResult)
  @HttpCode(200)
  @Allow('EndPersonRole')
  @ApiOperation({ summary: 'A role ends: the first day it is no longer held' })
  endRole(
    @Param('personId') personId: string,
    @Param('roleId') roleId: string,
    @Body() body: EndPersonRoleDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'EndPersonRole', data: { personId, roleId, to: body.to } }, envelope, res, { personId, roleId });
  }

  private async run(command: RegisterCommand, envelope: CommandEnvelope, res: Response, ids: { personId?: string; roleId?: string } = {}) {
    const outcome: CommandOutcome = await this.commandBus.execute(new ExecuteRegisterCommand(command, envelope));
    res.setHeader('ETag', `"${outcome.revision}"`);
    return { ...ids, revision: outcome.revision, position: outcome.position, events: outcome.events };
  }
}
