import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { LoginResponse, Role } from '@cityops/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { type TokenClaims, signToken, verifyToken } from './access-token.js';
import { AuditRepository } from './audit.repository.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';
import { SettingsRepository } from '../../infra/database/settings.repository.js';
import { UsersRepository } from './users.repository.js';

export interface AuthenticatedUser {
  username: string;
  role: Role;
}

// Verifying against a fixed hash when the user does not exist keeps the answer time the same,
// so timing does not reveal which usernames exist.
const DUMMY_HASH_PASSWORD = 'not-a-real-password';

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private secret = '';
  private dummyHash = '';

  constructor(
    private readonly users: UsersRepository,
    private readonly settings: SettingsRepository,
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.secret =
      this.config.AUTH_SECRET ??
      (await this.settings.getOrInsert('auth.secret', randomBytes(48).toString('base64url')));
    this.dummyHash = await hashPassword(DUMMY_HASH_PASSWORD);
    await this.createFirstAdmin();
  }

  /** On first start with an empty user table, the admin comes from ADMIN_USERNAME / ADMIN_PASSWORD. */
  private async createFirstAdmin(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const username = this.config.ADMIN_USERNAME;
    const generated = this.config.ADMIN_PASSWORD === undefined;
    const password = this.config.ADMIN_PASSWORD ?? generatePassword();
    const inserted = await this.users.insertIfAbsent({
      username,
      passwordHash: await hashPassword(password),
      role: 'admin',
      mustChangePassword: generated,
    });
    if (!inserted) return;
    await this.audit.record({
      actor: 'system',
      action: 'user.created',
      target: username,
      data: { role: 'admin' },
    });
    if (generated) {
      this.logger.warn(
        `Created admin "${username}" with the generated password: ${password} (shown once; set ADMIN_PASSWORD to choose it)`,
      );
    } else {
      this.logger.log(`Created admin "${username}" from ADMIN_PASSWORD`);
    }
  }

  /** A token for valid credentials; null otherwise (the caller answers with one generic error). */
  async login(
    username: string,
    password: string,
    ip: string | null,
  ): Promise<LoginResponse | null> {
    const user = await this.users.find(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !ok) {
      await this.audit.record({ actor: username.slice(0, 100), action: 'auth.login_failed', ip });
      return null;
    }
    const now = Math.floor(Date.now() / 1000);
    const claims: TokenClaims = {
      sub: user.username,
      role: user.role,
      iat: now,
      exp: now + Math.round(this.config.TOKEN_TTL_HOURS * 3600),
    };
    await this.audit.record({ actor: user.username, action: 'auth.login', ip });
    return {
      token: signToken(claims, this.secret),
      user: { username: user.username, role: user.role },
    };
  }

  authenticate(token: string): AuthenticatedUser | null {
    const claims = verifyToken(token, this.secret, Math.floor(Date.now() / 1000));
    return claims ? { username: claims.sub, role: claims.role } : null;
  }
}
