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
import type { TestPlan } from '../../run/test-plan';
import type { RunStatus, RunTrigger } from '../enums';
import type { Workflow } from './workflow.model';

export class WorkflowRun extends Model<InferAttributes<WorkflowRun>, InferCreationAttributes<WorkflowRun>> {
  declare id: CreationOptional<string>;
  declare workflowId: ForeignKey<Workflow['id']>;
  declare runStatus: CreationOptional<RunStatus>;
  declare inputPayload: CreationOptional<unknown>;
  declare resultSummary: CreationOptional<Record<string, unknown> | null>;
  declare startedAt: CreationOptional<Date | null>;
  declare finishedAt: CreationOptional<Date | null>;
  /** The Temporal workflow id of this run's execution (`run-<id>`, or a schedule's). */
  declare temporalWorkflowId: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  /** The spec this run executed. */
  declare specSnapshot: CreationOptional<WorkflowSpec | null>;
  /** What started it; null for runs recorded before this was kept. */
  declare runTrigger: CreationOptional<RunTrigger | null>;
  /** The failed run this one resumes (`runs.resume`); null for every other run. */
  declare resumedFromRunId: CreationOptional<string | null>;
  /** A test run's samples and decisions (`runTrigger` "test"); null for every real run. */
  declare testPlan: CreationOptional<TestPlan | null>;

  static initModel(sequelize: Sequelize) {
    WorkflowRun.init(
      {
        id: uuidPrimaryKey,
        runStatus: { type: DataTypes.STRING(50), allowNull: false, defaultValue: 'pending' },
        inputPayload: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        resultSummary: { type: DataTypes.JSONB, allowNull: true },
        startedAt: { type: DataTypes.DATE, allowNull: true },
        finishedAt: { type: DataTypes.DATE, allowNull: true },
        temporalWorkflowId: { type: DataTypes.STRING(255), allowNull: true, unique: true },
        createdAt: DataTypes.DATE,
        specSnapshot: { type: DataTypes.JSONB, allowNull: true },
        runTrigger: { type: DataTypes.STRING(20), allowNull: true },
        resumedFromRunId: { type: DataTypes.UUID, allowNull: true },
        testPlan: { type: DataTypes.JSONB, allowNull: true },
      },
      { sequelize, tableName: 'workflow_runs', underscored: true, updatedAt: false },
    );
  }
}
