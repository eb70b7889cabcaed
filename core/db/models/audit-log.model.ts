import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { uuidPrimaryKey } from './columns';
import type { User } from './user.model';

export class AuditLog extends Model<InferAttributes<AuditLog>, InferCreationAttributes<AuditLog>> {
  declare id: CreationOptional<string>;
  declare actorId: ForeignKey<User['id']> | null;
  declare action: string;
  declare resourceType: string;
  declare resourceId: string | null;
  /** What changed, never a secret value. */
  declare details: CreationOptional<Record<string, unknown>>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    AuditLog.init(
      {
        id: uuidPrimaryKey,
        action: { type: DataTypes.STRING(100), allowNull: false },
        resourceType: { type: DataTypes.STRING(100), allowNull: false },
        resourceId: { type: DataTypes.UUID, allowNull: true },
        details: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'audit_logs', underscored: true, updatedAt: false },
    );
  }
}
