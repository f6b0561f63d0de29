import { Injectable, NotFoundException } from '@nestjs/common';
import type { CreateTokenRequest, CreatedToken } from '@cityops/contracts';
import { AuditRepository } from '../audit/audit.repository.js';
import { LivePublisher, liveTokenRoom } from '../../infra/live/live-publisher.js';
import { ApiTokensRepository, toApiToken } from './api-tokens.repository.js';
import { formatOpaqueToken, hashSecret, newOpaqueToken } from './opaque-token.js';

/**
 * Display tokens (wall screens: role display, read-only, no expiry unless asked) and API tokens
 * (integrations: a role narrowed by scopes). The secret is returned once; admins list and revoke.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly audit: AuditRepository,
    private readonly live: LivePublisher,
  ) {}

  async list() {
    return { items: (await this.tokens.list()).map(toApiToken) };
  }

  async create(input: CreateTokenRequest, actor: string, ip: string | null): Promise<CreatedToken> {
    const secret = newOpaqueToken(input.kind);
    const stored = await this.tokens.insert({
      id: secret.id,
      kind: input.kind,
      name: input.name,
      secretHash: hashSecret(secret.secret),
      role: input.kind === 'display' ? 'display' : (input.role ?? 'operator'),
      scopes: input.kind === 'api' ? [...new Set(input.scopes)].sort() : [],
      districts: input.districts ?? null,
      createdBy: actor,
      expiresAt: input.expiresInDays
        ? new Date(Date.now() + input.expiresInDays * 86_400_000)
        : null,
    });
    const item = toApiToken(stored);
    await this.audit.record({
      actor,
      action: 'token.created',
      target: item.id,
      ip,
      data: {
        kind: item.kind,
        name: item.name,
        role: item.role,
        scopes: item.scopes,
        districts: item.districts,
        expiresAt: item.expiresAt,
      },
    });
    return { token: formatOpaqueToken(secret), item };
  }

  async revoke(id: string, actor: string, ip: string | null): Promise<void> {
    const before = await this.tokens.find(id);
    if (!before) throw new NotFoundException(`No token ${id}`);
    if (before.revokedAt) return;
    await this.tokens.revoke(id, actor);
    // A wall holding a live connection with this token is disconnected now, not at its next request.
    this.live.disconnect(liveTokenRoom(id));
    await this.audit.record({
      actor,
      action: 'token.revoked',
      target: id,
      ip,
      data: { kind: before.kind, name: before.name },
    });
  }
}
