import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { uuidPrimaryKey } from './columns';

/** One failed sign-in, counted by the attempt limiter per account and per address. */
export class LoginFailure extends Model<InferAttributes<LoginFailure>, InferCreationAttributes<LoginFailure>> {
  declare id: CreationOptional<string>;
  declare email: string;
  declare ip: string;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    LoginFailure.init(
      {
        id: uuidPrimaryKey,
        email: { type: DataTypes.STRING(255), allowNull: false },
        ip: { type: DataTypes.STRING(64), allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'login_failures', underscored: true, updatedAt: false },
    );
  }
}
