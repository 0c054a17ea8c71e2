import { Injectable } from '@nestjs/common';
import { PrismaService } from '@publishing/db/nest';
import { LRUCache } from 'lru-cache';
import { generateApiKey, hashApiKey, hashesMatch, prefixOf } from './api-key-format';

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
/**
 * How long a verified key is trusted without asking the database again: a revocation reaches
 * other API processes within this time (the revoking process forgets the key at once).
 */
export const AUTHENTICATION_CACHE_TTL_MS = 10_000;

/** Creates, checks and revokes API keys; only their hashes are stored. */
@Injectable()
export class ApiKeysService {
  /** Keyed by the key's hash, so the cache never holds a usable secret. */
  private readonly verified = new LRUCache<string, AuthenticatedKey & { prefix: string }>({
    max: 10_000,
    ttl: AUTHENTICATION_CACHE_TTL_MS,
  });

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
    const hash = hashApiKey(key);
    const cached = this.verified.get(hash);
    if (cached) return { id: cached.id, name: cached.name };
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
    const untilExpiry = row.expiresAt ? row.expiresAt.getTime() - Date.now() : Infinity;
    this.verified.set(
      hash,
      { id: row.id, name: row.name, prefix },
      { ttl: Math.min(AUTHENTICATION_CACHE_TTL_MS, untilExpiry) },
    );
    return { id: row.id, name: row.name };
  }

  async revoke(prefix: string): Promise<boolean> {
    const result = await this.db.apiKey.updateMany({
      where: { keyPrefix: prefix, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    for (const [hash, entry] of this.verified.entries()) {
      if (entry.prefix === prefix) this.verified.delete(hash);
    }
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
