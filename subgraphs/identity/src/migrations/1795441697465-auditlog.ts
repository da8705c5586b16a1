import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1795441697465 implements MigrationInterface {
  name = 'AuditLog1795441697465';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `audit_entry` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `position` int NOT NULL, `eventId` varchar(36) NOT NULL, `action` varchar(60) NOT NULL, `actorType` varchar(20) NOT NULL, `actorId` varchar(64) NULL, `targetType` varchar(20) NULL, `targetId` varchar(64) NULL, `source` varchar(40) NOT NULL, `occurredAt` datetime(3) NOT NULL, `recordedAt` datetime(3) NOT NULL, `details` text NOT NULL, `previousHash` varchar(64) NOT NULL, `hash` varchar(64) NOT NULL, INDEX `idx_audit_entry_occurred` (`organizationId`, `occurredAt`), INDEX `idx_audit_entry_target` (`organizationId`, `targetId`, `position`), INDEX `idx_audit_entry_actor` (`organizationId`, `actorId`, `position`), UNIQUE INDEX `uq_audit_entry_position` (`organizationId`, `position`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `audit_subject` (`pseudonym` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, UNIQUE INDEX `uq_audit_subject_account` (`organizationId`, `accountId`), PRIMARY KEY (`pseudonym`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_audit_subject_account` ON `audit_subject`");
    await queryRunner.query("DROP TABLE `audit_subject`");
    await queryRunner.query("DROP INDEX `uq_audit_entry_position` ON `audit_entry`");
    await queryRunner.query("DROP INDEX `idx_audit_entry_actor` ON `audit_entry`");
    await queryRunner.query("DROP INDEX `idx_audit_entry_target` ON `audit_entry`");
    await queryRunner.query("DROP INDEX `idx_audit_entry_occurred` ON `audit_entry`");
    await queryRunner.query("DROP TABLE `audit_entry`");
  }
}
