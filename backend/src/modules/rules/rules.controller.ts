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
  Query,
} from '@nestjs/common';
import {
  type Rule,
  type RuleDetail,
  RuleIdSchema,
  type RuleListQuery,
  RuleListQuerySchema,
  RuleSchema,
  RuleUpdateBodySchema,
  type StoredRule,
} from '@cityops/contracts';
import { ZodBody, ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { RulesService } from './rules.service.js';

class RuleIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    const parsed = RuleIdSchema.safeParse(value);
    if (!parsed.success) throw new BadRequestException(parsed.error.issues[0]!.message);
    return parsed.data;
  }
}
const ruleId = new RuleIdPipe();

/** The rule store for admins; supervisors may read it. Every change is versioned and audited. */
@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  @Roles('admin', 'supervisor')
  async list(
    @Query(ZodQuery(RuleListQuerySchema)) query: RuleListQuery,
  ): Promise<{ items: StoredRule[] }> {
    return { items: await this.rules.list(query) };
  }

  @Get(':id')
  @Roles('admin', 'supervisor')
  get(@Param('id', ruleId) id: string): Promise<RuleDetail> {
    return this.rules.get(id);
  }

  @Post()
  @Roles('admin')
  @HttpCode(201)
  create(
    @Body(ZodBody(RuleSchema)) rule: Rule,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<StoredRule> {
    return this.rules.create(rule, user.username, ip);
  }

  @Put(':id')
  @Roles('admin')
  update(
    @Param('id', ruleId) id: string,
    @Body(ZodBody(RuleUpdateBodySchema)) rule: Rule,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<StoredRule> {
    return this.rules.update(id, rule, user.username, ip);
  }

  @Post(':id/enable')
  @Roles('admin')
  @HttpCode(200)
  enable(
    @Param('id', ruleId) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<StoredRule> {
    return this.rules.setEnabled(id, true, user.username, ip);
  }

  @Post(':id/disable')
  @Roles('admin')
  @HttpCode(200)
  disable(
    @Param('id', ruleId) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<StoredRule> {
    return this.rules.setEnabled(id, false, user.username, ip);
  }

  /** Soft delete: the rule is disabled and archived, its history kept. */
  @Delete(':id')
  @Roles('admin')
  @HttpCode(200)
  archive(
    @Param('id', ruleId) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<StoredRule> {
    return this.rules.archive(id, user.username, ip);
  }
}
