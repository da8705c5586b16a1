import { EntityManager } from 'typeorm';
import { Inquiry, InquiryStatus } from '../inquiries/inquiry.entity';
import { maxRankLength, rankAfter, rankBefore, rankBetween, spreadRanks } from './board-rank';

/** Where in a column a card goes: on top, or right after another card of that column. */
export type Placement = { top: true } | { after: Inquiry };

/** The column's cards in board order, `skip` left out (the card being moved), from `from` on. */
function column(manager: EntityManager, organizationId: string, status: InquiryStatus, skip: string | null) {
  const query = manager.getRepository(Inquiry).createQueryBuilder('i').select(['i.id', 'i.rank']).where('i.organizationId = :organizationId AND i.status = :status', { organizationId, status });
  if (skip) query.andWhere('i.id <> :skip', { skip });
  return query.orderBy('i.rank', 'ASC').addOrderBy('i.id', 'ASC');
}

/** Gives the column's cards fresh, evenly spread ranks (in their order): when ranks got long, or two ever tied. */
async function spreadColumn(manager: EntityManager, organizationId: string, status: InquiryStatus, skip: string | null): Promise<void> {
  const cards = await column(manager, organizationId, status, skip).getMany();
  const ranks = spreadRanks(cards.length);
  for (const [i, card] of cards.entries()) await manager.update(Inquiry, { id: card.id }, { rank: ranks[i] });
}

/**
 * The rank that puts a card (`moving`, null for a new one) at `placement` in a column, read under
 * the board lock. Two statements at most; a column whose ranks grew long is spread out first.
 */
export async function rankFor(manager: EntityManager, organizationId: string, status: InquiryStatus, placement: Placement, moving: string | null): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    let rank: string | null;
    if ('top' in placement) {
      const first = await column(manager, organizationId, status, moving).take(1).getOne();
      rank = rankBefore(first?.rank ?? null);
    } else {
      const anchor = placement.after.rank;
      const next = await column(manager, organizationId, status, moving).andWhere('(i.rank > :anchor OR (i.rank = :anchor AND i.id > :anchorId))', { anchor, anchorId: placement.after.id }).take(1).getOne();
      rank = !next ? rankAfter(anchor) : anchor < next.rank ? rankBetween(anchor, next.rank) : null;
    }
    if (rank !== null && rank.length <= maxRankLength) return rank;
    if (attempt > 0) throw new Error('a column spread out again still has no room');
    await spreadColumn(manager, organizationId, status, moving);
    if ('after' in placement) placement = { after: (await manager.findOneByOrFail(Inquiry, { id: placement.after.id })) };
  }
}
