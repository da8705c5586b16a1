import { MigrationInterface, QueryRunner } from 'typeorm';

export class Spaces1795442026286 implements MigrationInterface {
  name = 'Spaces1795442026286';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `space_projection` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `archived` tinyint NOT NULL DEFAULT 0, INDEX `idx_space_projection_organization` (`organizationId`, `archived`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `idx_space_projection_organization` ON `space_projection`");
    await queryRunner.query("DROP TABLE `space_projection`");
  }
}
