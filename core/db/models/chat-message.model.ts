import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { WorkflowSpec } from '../../spec/spec.schema';
import type { SpecProblem } from '../../spec/validate-spec';
import { uuidPrimaryKey } from './columns';
import type { ChatConversation } from './chat-conversation.model';

export type ProposalStatus = 'proposed' | 'accepted' | 'discarded' | 'invalid';

export class ChatMessage extends Model<InferAttributes<ChatMessage>, InferCreationAttributes<ChatMessage>> {
  declare id: CreationOptional<string>;
  declare conversationId: ForeignKey<ChatConversation['id']>;
  declare role: 'user' | 'assistant';
  declare content: string;
  /** The full spec this assistant turn proposed (valid), or its last invalid attempt. */
  declare proposedSpec: CreationOptional<WorkflowSpec | null>;
  /** The workflow name the model suggested with its spec. */
  declare proposedName: CreationOptional<string | null>;
  declare proposalStatus: CreationOptional<ProposalStatus | null>;
  declare questions: CreationOptional<string[]>;
  declare problems: CreationOptional<SpecProblem[]>;
  declare promptVersion: CreationOptional<string | null>;
  declare model: CreationOptional<string | null>;
  declare promptTokens: CreationOptional<number | null>;
  declare completionTokens: CreationOptional<number | null>;
  declare latencyMs: CreationOptional<number | null>;
  declare repairRounds: CreationOptional<number>;
  /** Why the turn produced no answer (timeout, rate limit, refusal…), in words for the person. */
  declare error: CreationOptional<string | null>;
  /** The test run the assistant made of its proposal (decision 0011), whose preview the chat shows. */
  declare testRunId: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ChatMessage.init(
      {
        id: uuidPrimaryKey,
        role: { type: DataTypes.STRING(20), allowNull: false },
        content: { type: DataTypes.TEXT, allowNull: false },
        proposedSpec: { type: DataTypes.JSONB, allowNull: true },
        proposedName: { type: DataTypes.STRING(120), allowNull: true },
        proposalStatus: { type: DataTypes.STRING(20), allowNull: true },
        questions: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
        problems: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
        promptVersion: { type: DataTypes.STRING(50), allowNull: true },
        model: { type: DataTypes.STRING(100), allowNull: true },
        promptTokens: { type: DataTypes.INTEGER, allowNull: true },
        completionTokens: { type: DataTypes.INTEGER, allowNull: true },
        latencyMs: { type: DataTypes.INTEGER, allowNull: true },
        repairRounds: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        error: { type: DataTypes.TEXT, allowNull: true },
        testRunId: { type: DataTypes.UUID, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'chat_messages', underscored: true, updatedAt: false },
    );
  }
}
