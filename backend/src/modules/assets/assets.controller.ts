import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Ip,
  Post,
  Query,
} from '@nestjs/common';
import { type AssetCollection, type AssetImportResult, DomainSchema } from '@cityops/contracts';
import { z } from 'zod';
import { ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { inScope } from '../auth/district-scope.js';
import { AssetsService } from './assets.service.js';

const AssetQuerySchema = z.object({ domain: DomainSchema.optional() }).strict();

@Controller('assets')
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @Get()
  async list(
    @Query(ZodQuery(AssetQuerySchema)) query: z.infer<typeof AssetQuerySchema>,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AssetCollection> {
    const collection = await this.assets.collection(query.domain);
    if (!user.districts) return collection;
    return {
      ...collection,
      features: collection.features.filter((f) => inScope(user, f.properties.district)),
    };
  }

  /** text/csv or application/geo+json; answers {imported, rejected:[{line, reason}]}. */
  @Post('import')
  @HttpCode(200)
  @Roles('admin')
  import(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<AssetImportResult> {
    const type = contentType ?? '';
    if (!/^(text\/csv|text\/plain|application\/(geo\+)?json)\b/.test(type)) {
      throw new BadRequestException('Send text/csv or application/geo+json');
    }
    if (isEmptyBody(body)) throw new BadRequestException('The request body is empty');
    return this.assets.import(body, type, user.username, ip);
  }
}

function isEmptyBody(body: unknown): boolean {
  if (body === undefined || body === null) return true;
  if (typeof body === 'string') return body.trim() === '';
  return typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0;
}
