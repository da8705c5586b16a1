import { MigrationInterface, QueryRunner } from 'typeorm';

export class RoleMembersIndex1795437678056 implements MigrationInterface {
  name = 'RoleMembersIndex1795437678056';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX `idx_role_assignment_role` ON `role_assignment` (`organizationId`, `roleId`, `createdAt`, `accountId`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `idx_role_assignment_role` ON `role_assignment`");
  }
}
