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
import type { Workflow } from './workflow.model';

/** A chat about one workflow: a new draft until its first proposal is accepted. */
export class ChatConversation extends Model<
  InferAttributes<ChatConversation>,
  InferCreationAttributes<ChatConversation>
> {
  declare id: CreationOptional<string>;
  declare ownerId: ForeignKey<User['id']>;
  declare workflowId: ForeignKey<Workflow['id']> | null;
  /** A new workflow's chat: the hidden `proposal` workflow its proposals are tested on, until one is accepted. */
  declare testWorkflowId: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ChatConversation.init(
      {
        id: uuidPrimaryKey,
        testWorkflowId: { type: DataTypes.UUID, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'chat_conversations', underscored: true },
    );
  }
}
