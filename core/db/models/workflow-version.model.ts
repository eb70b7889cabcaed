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
import type { VersionSource } from '../enums';
import { uuidPrimaryKey } from './columns';
import type { User } from './user.model';
import type { Workflow } from './workflow.model';

/** One accepted spec of a workflow, numbered from 1; kept so history can be seen and restored. */
export class WorkflowVersion extends Model<InferAttributes<WorkflowVersion>, InferCreationAttributes<WorkflowVersion>> {
  declare id: CreationOptional<string>;
  declare workflowId: ForeignKey<Workflow['id']>;
  declare version: number;
  declare specJson: WorkflowSpec;
  declare llmPromptVersion: string | null;
  declare source: VersionSource;
  declare createdBy: ForeignKey<User['id']> | null;
  declare chatMessageId: string | null;
  /** Outputs a person pinned on nodes of this version, by node id: test runs answer with them. */
  declare pinnedOutputs: CreationOptional<Record<string, unknown>>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    WorkflowVersion.init(
      {
        id: uuidPrimaryKey,
        version: { type: DataTypes.INTEGER, allowNull: false },
        specJson: { type: DataTypes.JSONB, allowNull: false },
        llmPromptVersion: { type: DataTypes.STRING(50), allowNull: true },
        source: { type: DataTypes.STRING(20), allowNull: false },
        chatMessageId: { type: DataTypes.UUID, allowNull: true },
        pinnedOutputs: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'workflow_versions', underscored: true, updatedAt: false },
    );
  }
}
