import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Ip,
  Param,
  type PipeTransform,
  Post,
  Put,
} from '@nestjs/common';
import {
  type EscalationPolicy,
  type EscalationPolicyCreate,
  EscalationPolicyCreateSchema,
  type EscalationPolicyList,
  type EscalationPolicyUpdate,
  EscalationPolicyUpdateSchema,
  OncallIdSchema,
} from '@cityops/contracts';
import { ZodBody } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import type { Actor } from '../oncall/oncall.service.js';
import { EscalationPoliciesService } from './escalation-policies.service.js';

const policyId: PipeTransform<string, string> = {
  transform(value: string) {
    if (!OncallIdSchema.safeParse(value).success)
      throw new BadRequestException(
        'id must be 2 to 63 lowercase letters, digits or "-", starting with a letter or digit',
      );
    return value;
  },
};

const actorOf = (user: AuthenticatedUser, ip: string): Actor => ({
  username: user.username,
  role: user.role,
  ip,
});

const READERS = ['admin', 'supervisor', 'operator'] as const;
const WRITERS = ['admin', 'supervisor'] as const;

/** Escalation policies (docs/escalation.md): admins and supervisors write, the desk reads. */
@Controller('oncall/escalation-policies')
export class EscalationPoliciesController {
  constructor(private readonly policies: EscalationPoliciesService) {}

  @Get()
  @Roles(...READERS)
  async list(): Promise<EscalationPolicyList> {
    return { items: await this.policies.list() };
  }

  @Get(':id')
  @Roles(...READERS)
  get(@Param('id', policyId) id: string): Promise<EscalationPolicy> {
    return this.policies.get(id);
  }

  @Post()
  @HttpCode(201)
  @Roles(...WRITERS)
  create(
    @Body(ZodBody(EscalationPolicyCreateSchema)) body: EscalationPolicyCreate,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<EscalationPolicy> {
    return this.policies.create(body, actorOf(user, ip));
  }

  @Put(':id')
  @Roles(...WRITERS)
  update(
    @Param('id', policyId) id: string,
    @Body(ZodBody(EscalationPolicyUpdateSchema)) body: EscalationPolicyUpdate,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<EscalationPolicy> {
    return this.policies.update(id, body, actorOf(user, ip));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...WRITERS)
  async delete(
    @Param('id', policyId) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<void> {
    await this.policies.delete(id, actorOf(user, ip));
  }
}
