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

export class Connector extends Model<InferAttributes<Connector>, InferCreationAttributes<Connector>> {
  declare id: CreationOptional<string>;
  declare ownerId: ForeignKey<User['id']>;
  declare name: string;
  declare type: string;
  /** Non-secret settings only; credentials are referenced through `secretsRef`. */
  declare config: CreationOptional<Record<string, unknown>>;
  declare secretsRef: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Connector.init(
      {
        id: uuidPrimaryKey,
        name: { type: DataTypes.STRING(255), allowNull: false },
        type: { type: DataTypes.STRING(100), allowNull: false },
        config: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        secretsRef: { type: DataTypes.STRING(255), allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'connectors', underscored: true, updatedAt: false },
    );
  }
}
