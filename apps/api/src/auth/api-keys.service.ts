import { Injectable } from '@nestjs/common';
import { PrismaService } from '@publishing/db/nest';
import { generateApiKey, hashesMatch, prefixOf } from './api-key-format';

export interface AuthenticatedKey {
  id: string;
  name: string;
}

export interface ApiKeySummary {
  name: string;
  keyPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** Creates, checks and revokes API keys; only their hashes are stored. */
@Injectable()
export class ApiKeysService {
  constructor(private readonly db: PrismaService) {}

  /** Returns the key once; it cannot be recovered later. */
  async create(
    name: string,
    expiresAt?: Date,
  ): Promise<{ id: string; name: string; key: string; prefix: string }> {
    const generated = generateApiKey();
    const row = await this.db.apiKey.create({
      data: {
        name,
        keyPrefix: generated.prefix,
        keyHash: generated.hash,
        expiresAt: expiresAt ?? null,
      },
    });
    return { id: row.id, name: row.name, key: generated.key, prefix: generated.prefix };
  }

  async authenticate(key: string): Promise<AuthenticatedKey | undefined> {
    const prefix = prefixOf(key);
    if (!prefix) return undefined;
    const row = await this.db.apiKey.findUnique({ where: { keyPrefix: prefix } });
    if (
      !row ||
      row.revokedAt ||
      (row.expiresAt && row.expiresAt <= new Date()) ||
      !hashesMatch(row.keyHash, key)
    ) {
      return undefined;
    }
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      void this.db.apiKey
        .update({ where: { id: row.id }, data: { lastUsedAt: new Date() } })
        .catch(() => undefined);
    }
    return { id: row.id, name: row.name };
  }

  async revoke(prefix: string): Promise<boolean> {
    const result = await this.db.apiKey.updateMany({
      where: { keyPrefix: prefix, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return result.count > 0;
  }

  list(): Promise<ApiKeySummary[]> {
    return this.db.apiKey.findMany({
      orderBy: { createdAt: 'asc' },
      select: {
        name: true,
        keyPrefix: true,
        createdAt: true,
        lastUsedAt: true,
        expiresAt: true,
        revokedAt: true,
      },
    });
  }
}
