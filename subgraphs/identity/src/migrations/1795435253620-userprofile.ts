import { MigrationInterface, QueryRunner } from 'typeorm';

export class UserProfile1795435253620 implements MigrationInterface {
  name = 'UserProfile1795435253620';

  // Generated, then reviewed: reordered so existing memberships get their sort and search keys and
  // last activity from the account before the account's columns are dropped.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `membership` ADD `sortName` varchar(201) NOT NULL DEFAULT ''");
    await queryRunner.query("ALTER TABLE `membership` ADD `searchText` varchar(640) NOT NULL DEFAULT ''");
    await queryRunner.query("ALTER TABLE `membership` ADD `lastActivityAt` datetime(3) NULL");
    await queryRunner.query("UPDATE `membership` m JOIN `account` a ON a.`id` = m.`accountId` SET m.`sortName` = a.`sortName`, m.`searchText` = LEFT(CONCAT(a.`sortName`, ' ', a.`emailNormalized`), 640), m.`lastActivityAt` = a.`lastActivityAt`");
    await queryRunner.query("ALTER TABLE `membership` MODIFY `sortName` varchar(201) NOT NULL");
    await queryRunner.query("ALTER TABLE `membership` MODIFY `searchText` varchar(640) NOT NULL");
    await queryRunner.query("ALTER TABLE `membership` MODIFY `lastActivityAt` datetime(3) NOT NULL");
    await queryRunner.query("DROP INDEX `idx_account_sort_name` ON `account`");
    await queryRunner.query("DROP INDEX `idx_account_last_activity` ON `account`");
    await queryRunner.query("DROP INDEX `idx_membership_org_joined` ON `membership`");
    await queryRunner.query("ALTER TABLE `account` DROP COLUMN `sortName`");
    await queryRunner.query("ALTER TABLE `account` DROP COLUMN `lastActivityAt`");
    await queryRunner.query("ALTER TABLE `account` ADD `jobTitle` varchar(150) NULL");
    await queryRunner.query("ALTER TABLE `account` ADD `phone` varchar(40) NULL");
    await queryRunner.query("ALTER TABLE `account` ADD `phoneDigits` varchar(40) NULL");
    await queryRunner.query("ALTER TABLE `account` ADD `language` varchar(35) NULL");
    await queryRunner.query("ALTER TABLE `account` ADD `profileImageUrl` varchar(2048) NULL");
    await queryRunner.query("ALTER TABLE `account` ADD `externalId` varchar(255) NULL");
    await queryRunner.query("ALTER TABLE `account` ADD UNIQUE INDEX `IDX_4961b532cb6f1bb4d54a11d577` (`externalId`)");
    await queryRunner.query("CREATE INDEX `idx_membership_org_activity` ON `membership` (`organizationId`, `lastActivityAt`, `accountId`)");
    await queryRunner.query("CREATE INDEX `idx_membership_org_name` ON `membership` (`organizationId`, `sortName`, `accountId`)");
    await queryRunner.query("CREATE INDEX `idx_membership_org_joined` ON `membership` (`organizationId`, `createdAt`, `accountId`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `idx_membership_org_joined` ON `membership`");
    await queryRunner.query("DROP INDEX `idx_membership_org_name` ON `membership`");
    await queryRunner.query("DROP INDEX `idx_membership_org_activity` ON `membership`");
    await queryRunner.query("ALTER TABLE `membership` DROP COLUMN `lastActivityAt`");
    await queryRunner.query("ALTER TABLE `membership` DROP COLUMN `searchText`");
    await queryRunner.query("ALTER TABLE `membership` DROP COLUMN `sortName`");
    await queryRunner.query("ALTER TABLE `account` DROP INDEX `IDX_4961b532cb6f1bb4d54a11d577`");
    await queryRunner.query("ALTER TABLE `account` DROP COLUMN `externalId`");
    await queryRunner.query("ALTER TABLE `account` DROP COLUMN `profileImageUrl`");
    await queryRunner.query("ALTER TABLE `account` DROP COLUMN `language`");
    await queryRunner.query("ALTER TABLE `account` DROP COLUMN `phoneDigits`");
    await queryRunner.query("ALTER TABLE `account` DROP COLUMN `phone`");
    await queryRunner.query("ALTER TABLE `account` DROP COLUMN `jobTitle`");
    await queryRunner.query("ALTER TABLE `account` ADD `lastActivityAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)");
    await queryRunner.query("ALTER TABLE `account` ADD `sortName` varchar(201) NOT NULL DEFAULT ''");
    await queryRunner.query("UPDATE `account` a SET a.`sortName` = LOWER(TRIM(CONCAT(a.`name`, ' ', a.`lastName`)))");
    await queryRunner.query("CREATE INDEX `idx_membership_org_joined` ON `membership` (`organizationId`, `createdAt`)");
    await queryRunner.query("CREATE INDEX `idx_account_last_activity` ON `account` (`lastActivityAt`)");
    await queryRunner.query("CREATE INDEX `idx_account_sort_name` ON `account` (`sortName`)");
  }
}
