import { MigrationInterface, QueryRunner } from 'typeorm';
import { addMonthsAhead } from '../modules/retention/usage-partitions';

/**
 * Partitions raw usage events by UTC month of occurredAt (written by hand: TypeORM does not model
 * partitions). MySQL allows it because every unique key of usage_event, its primary key
 * (id, occurredAt), includes occurredAt, and the table has no foreign keys; the idempotency keys
 * live in usage_event_key for that reason. The catch-all p_future means an insert never fails; the
 * months from the oldest event (at most 36 months back) to three months ahead are split from it
 * here, and metering's maintenance keeps three months ahead from then on. On a table already
 * holding events, both statements copy it once.
 */
export class UsageEventPartitions1796225883628 implements MigrationInterface {
  name = 'UsageEventPartitions1796225883628';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `usage_event` PARTITION BY RANGE COLUMNS(`occurredAt`) (PARTITION `p_future` VALUES LESS THAN (MAXVALUE))');
    await addMonthsAhead(queryRunner, Date.now(), 3);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `usage_event` REMOVE PARTITIONING');
  }
}
