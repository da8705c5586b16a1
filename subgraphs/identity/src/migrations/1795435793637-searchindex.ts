import { MigrationInterface, QueryRunner } from 'typeorm';

export class SearchIndex1795435793637 implements MigrationInterface {
  name = 'SearchIndex1795435793637';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `idx_membership_org_name` ON `membership`");
    await queryRunner.query("ALTER TABLE `membership` DROP COLUMN `sortName`");
    await queryRunner.query("CREATE INDEX `idx_membership_org_search` ON `membership` (`organizationId`, `searchText`, `accountId`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `idx_membership_org_search` ON `membership`");
    // Reviewed: the name is the part of searchText before the e-mail.
    await queryRunner.query("ALTER TABLE `membership` ADD `sortName` varchar(201) NOT NULL DEFAULT ''");
    await queryRunner.query("UPDATE `membership` m JOIN `account` a ON a.`id` = m.`accountId` SET m.`sortName` = LOWER(TRIM(CONCAT(a.`name`, ' ', a.`lastName`)))");
    await queryRunner.query("CREATE INDEX `idx_membership_org_name` ON `membership` (`organizationId`, `sortName`, `accountId`)");
  }
}
