import type { Sequelize } from 'sequelize';
import { AuditLog } from './audit-log.model';
import { Connector } from './connector.model';
import { LoginFailure } from './login-failure.model';
import { Secret } from './secret.model';
import { Session } from './session.model';
import { Task } from './task.model';
import { User } from './user.model';
import { WorkflowRun } from './workflow-run.model';
import { Workflow } from './workflow.model';

/** Binds every model to the process's Sequelize instance and declares the relations. */
export function initModels(sequelize: Sequelize) {
  for (const model of [User, Workflow, WorkflowRun, Task, Connector, Secret, AuditLog, Session, LoginFailure]) {
    model.initModel(sequelize);
  }
  User.hasMany(Workflow, { foreignKey: 'ownerId', as: 'workflows' });
  Workflow.belongsTo(User, { foreignKey: 'ownerId', as: 'owner' });
  Workflow.hasMany(WorkflowRun, { foreignKey: 'workflowId', as: 'runs' });
  WorkflowRun.belongsTo(Workflow, { foreignKey: 'workflowId', as: 'workflow' });
  WorkflowRun.hasMany(Task, { foreignKey: 'workflowRunId', as: 'tasks' });
  Task.belongsTo(WorkflowRun, { foreignKey: 'workflowRunId', as: 'run' });
  User.hasMany(Connector, { foreignKey: 'ownerId', as: 'connectors' });
  Connector.belongsTo(User, { foreignKey: 'ownerId', as: 'owner' });
  User.hasMany(Secret, { foreignKey: 'ownerId', as: 'secrets' });
  Secret.belongsTo(User, { foreignKey: 'ownerId', as: 'owner' });
  AuditLog.belongsTo(User, { foreignKey: 'actorId', as: 'actor' });
  Session.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  return { User, Workflow, WorkflowRun, Task, Connector, Secret, AuditLog, Session, LoginFailure };
}

export type Models = ReturnType<typeof initModels>;
export { AuditLog, Connector, LoginFailure, Secret, Session, Task, User, Workflow, WorkflowRun };
