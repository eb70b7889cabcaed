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
import type { TaskLogs } from '../../run/task-logs';
import type { TaskStatus } from '../enums';
import type { WorkflowRun } from './workflow-run.model';

export class Task extends Model<InferAttributes<Task>, InferCreationAttributes<Task>> {
  declare id: CreationOptional<string>;
  declare workflowRunId: ForeignKey<WorkflowRun['id']>;
  declare nodeId: string;
  declare taskStatus: CreationOptional<TaskStatus>;
  declare attemptCount: CreationOptional<number>;
  declare logs: CreationOptional<TaskLogs>;
  declare startedAt: CreationOptional<Date | null>;
  declare finishedAt: CreationOptional<Date | null>;

  static initModel(sequelize: Sequelize) {
    Task.init(
      {
        id: uuidPrimaryKey,
        nodeId: { type: DataTypes.STRING(255), allowNull: false },
        taskStatus: { type: DataTypes.STRING(50), allowNull: false, defaultValue: 'pending' },
        attemptCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        logs: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        startedAt: { type: DataTypes.DATE, allowNull: true },
        finishedAt: { type: DataTypes.DATE, allowNull: true },
      },
      { sequelize, tableName: 'tasks', underscored: true, timestamps: false },
    );
  }
}
