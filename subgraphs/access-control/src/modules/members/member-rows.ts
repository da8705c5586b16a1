import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Rows of a batch of members from one per-member table (organizationId, accountId), only the
 * columns named, as raw values: a batch of 50 members in 30 groups is 1,500 rows, and a page's
 * entity look-ups 100, whose entity hydration (dates and all) cost more than the statements.
 */
export function memberRows<T extends string>(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, organizationId: string, accountIds: string[], columns: readonly T[], scopes?: string[]): Promise<Record<T, string>[]> {
  const query = manager.createQueryBuilder(entity, 'x').select(`x.${columns[0]}`, columns[0]);
  for (const column of columns.slice(1)) query.addSelect(`x.${column}`, column);
  query.where('x.organizationId = :organizationId', { organizationId }).andWhere('x.accountId IN (:...accountIds)', { accountIds });
  if (scopes) query.andWhere('x.scope IN (:...scopes)', { scopes });
  return query.getRawMany<Record<T, string>>();
}
