import type { Template } from '@publishing/db';
import type { PrismaService } from '@publishing/db/nest';

/**
 * `usage_count` is the number of publications that reference the template, in any status.
 *
 * It is computed from `publishing_publications` whenever templates are read, not counted up when a
 * publication is created: publications are created and deleted outside this module (the
 * publications API, imports, SQL), so a counter bumped in one code path drifts from the others,
 * while a `COUNT(*)` on the `template_id` index is always right.
 *
 * The same statement writes the count back to the `usage_count` column for whoever reads the
 * table directly. It only writes rows whose stored count differs, and skips rows another
 * transaction holds (`SKIP LOCKED`, in id order), so a read never waits on a template being
 * edited and two concurrent reads cannot deadlock; a skipped row is fixed by the next read. The
 * answer always carries the computed count. `updated_at` is left alone: a count is not an edit.
 */
export async function withUsageCounts<T extends Pick<Template, 'id' | 'usageCount'>>(
  db: PrismaService,
  templates: T[],
): Promise<T[]> {
  if (templates.length === 0) return templates;
  const ids = templates.map((template) => template.id);
  const rows = await db.$queryRaw<{ id: string; usage_count: number }[]>`
    WITH counted AS (
      SELECT t.id,
             t.usage_count AS stored,
             (SELECT count(*) FROM publishing_publications p WHERE p.template_id = t.id)::int
               AS usage_count
        FROM publishing_templates t
       WHERE t.id = ANY(${ids}::uuid[])
    ), stale AS (
      SELECT t.id, c.usage_count
        FROM publishing_templates t
        JOIN counted c ON c.id = t.id
       WHERE c.stored <> c.usage_count
       ORDER BY t.id
         FOR UPDATE OF t SKIP LOCKED
    ), synced AS (
      UPDATE publishing_templates t
         SET usage_count = stale.usage_count
        FROM stale
       WHERE t.id = stale.id
    )
    SELECT id::text AS id, usage_count FROM counted`;
  const counts = new Map(rows.map((row) => [row.id, row.usage_count]));
  return templates.map((template) => ({
    ...template,
    usageCount: counts.get(template.id) ?? template.usageCount,
  }));
}
