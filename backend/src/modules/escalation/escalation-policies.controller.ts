import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Put } from '@nestjs/common';
import {
  type EscalationPolicy,
  type EscalationPolicyCreate,
  EscalationPolicyCreateSchema,
  type EscalationPolicyList,
  type EscalationPolicyUpdate,
  EscalationPolicyUpdateSchema,
} from '@cityops/contracts';
import { ZodBody } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { ONCALL_READERS, ONCALL_WRITERS, actorOf, oncallId } from '../oncall/oncall-http.js';
import { EscalationPoliciesService } from './escalation-policies.service.js';

/** Escalation policies (docs/escalation.md): admins and supervisors write, the desk reads. */
@Controller('oncall/escalation-policies')
export class EscalationPoliciesController {
  constructor(private readonly policies: EscalationPoliciesService) {}

  @Get()
  @Roles(...ONCALL_READERS)
  async list(): Promise<EscalationPolicyList> {
    return { items: await this.policies.list() };
  }

  @Get(':id')
  @Roles(...ONCALL_READERS)
  get(@Param('id', oncallId) id: string): Promise<EscalationPolicy> {
    return this.policies.get(id);
  }

  @Post()
  @HttpCode(201)
  @Roles(...ONCALL_WRITERS)
  create(
    @Body(ZodBody(EscalationPolicyCreateSchema)) body: EscalationPolicyCreate,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<EscalationPolicy> {
    return this.policies.create(body, actorOf(user, ip));
  }

  @Put(':id')
  @Roles(...ONCALL_WRITERS)
  update(
    @Param('id', oncallId) id: string,
    @Body(ZodBody(EscalationPolicyUpdateSchema)) body: EscalationPolicyUpdate,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<EscalationPolicy> {
    return this.policies.update(id, body, actorOf(user, ip));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...ONCALL_WRITERS)
  async delete(
    @Param('id', oncallId) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<void> {
    await this.policies.delete(id, actorOf(user, ip));
  }
}
