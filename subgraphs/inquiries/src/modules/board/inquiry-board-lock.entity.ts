import { Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per organization, locked by every change of a card's column or position: moves read
 * their neighbours and write their rank under it, so two concurrent drops never interleave.
 */
@Entity('inquiry_board_lock')
export class InquiryBoardLock {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;
}
