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

/** A token another program sends as `Authorization: Bearer wfa_…` to act as its owner. */
export class ApiToken extends Model<InferAttributes<ApiToken>, InferCreationAttributes<ApiToken>> {
  declare id: CreationOptional<string>;
  declare ownerId: ForeignKey<User['id']>;
  declare name: string;
  /** SHA-256 (hex) of the token; the token itself is shown once and never stored. */
  declare tokenHash: string;
  /** The token's first 8 characters, to tell tokens apart in a list. */
  declare tokenPrefix: string;
  declare lastUsedAt: CreationOptional<Date | null>;
  /** Null: never expires. */
  declare expiresAt: Date | null;
  declare revokedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ApiToken.init(
      {
        id: uuidPrimaryKey,
        name: { type: DataTypes.STRING(100), allowNull: false },
        tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        tokenPrefix: { type: DataTypes.STRING(16), allowNull: false },
        lastUsedAt: { type: DataTypes.DATE, allowNull: true },
        expiresAt: { type: DataTypes.DATE, allowNull: true },
        revokedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'api_tokens', underscored: true, updatedAt: false },
    );
  }
}
