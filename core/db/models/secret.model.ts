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

export class Secret extends Model<InferAttributes<Secret>, InferCreationAttributes<Secret>> {
  declare id: CreationOptional<string>;
  declare ownerId: ForeignKey<User['id']>;
  declare name: string;
  /** Ciphertext with its key id; the clear value is never stored nor returned. */
  declare encryptedPayload: string;
  declare createdAt: CreationOptional<Date>;
  /** When the value was last set; re-encryption under a new key leaves it alone. */
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Secret.init(
      {
        id: uuidPrimaryKey,
        name: { type: DataTypes.STRING(255), allowNull: false },
        encryptedPayload: { type: DataTypes.TEXT, allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'secrets', underscored: true },
    );
  }
}
