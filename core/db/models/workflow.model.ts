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
import type { WorkflowSpec } from '../../spec/spec.schema';
import type { WorkflowStatus } from '../enums';
import type { User } from './user.model';

export class Workflow extends Model<InferAttributes<Workflow>, InferCreationAttributes<Workflow>> {
  declare id: CreationOptional<string>;
  declare ownerId: ForeignKey<User['id']>;
  declare name: string;
  declare description: string | null;
  declare specJson: WorkflowSpec;
  /** The authoring prompt version that produced the spec; null when written by hand. */
  declare llmPromptVersion: string | null;
  declare status: CreationOptional<WorkflowStatus>;
  /** Offered to AI agents as a tool (the MCP server) while active. */
  declare agentTool: CreationOptional<boolean>;
  /** The JSON Schema an agent's arguments must follow; null: any JSON object. */
  declare agentInputSchema: CreationOptional<Record<string, unknown> | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Workflow.init(
      {
        id: uuidPrimaryKey,
        name: { type: DataTypes.STRING(255), allowNull: false },
        description: { type: DataTypes.TEXT, allowNull: true },
        specJson: { type: DataTypes.JSONB, allowNull: false },
        llmPromptVersion: { type: DataTypes.STRING(50), allowNull: true },
        status: { type: DataTypes.STRING(50), allowNull: false, defaultValue: 'draft' },
        agentTool: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        agentInputSchema: { type: DataTypes.JSONB, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'workflows', underscored: true },
    );
  }
}
