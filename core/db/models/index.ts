import type { Sequelize } from 'sequelize';
import { ApiToken } from './api-token.model';
import { AuditLog } from './audit-log.model';
import { ChatConversation } from './chat-conversation.model';
import { ChatMessage } from './chat-message.model';
import { Connector } from './connector.model';
import { LoginFailure } from './login-failure.model';
import { Secret } from './secret.model';
import { Session } from './session.model';
import { Task } from './task.model';
import { User } from './user.model';
import { WorkflowRun } from './workflow-run.model';
import { WorkflowVersion } from './workflow-version.model';
import { Workflow } from './workflow.model';

/** Binds every model to the process's Sequelize instance and declares the relations. */
export function initModels(sequelize: Sequelize) {
  for (const model of [
    User,
    Workflow,
    WorkflowRun,
    Task,
    Connector,
    Secret,
    AuditLog,
    Session,
    LoginFailure,
    ChatConversation,
    ChatMessage,
    WorkflowVersion,
    ApiToken,
  ]) {
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
  ChatConversation.hasMany(ChatMessage, { foreignKey: 'conversationId', as: 'messages' });
  ChatConversation.belongsTo(User, { foreignKey: 'ownerId', as: 'owner' });
  ChatConversation.belongsTo(Workflow, { foreignKey: 'workflowId', as: 'workflow' });
  ChatMessage.belongsTo(ChatConversation, { foreignKey: 'conversationId', as: 'conversation' });
  Workflow.hasMany(WorkflowVersion, { foreignKey: 'workflowId', as: 'versions' });
  WorkflowVersion.belongsTo(Workflow, { foreignKey: 'workflowId', as: 'workflow' });
  WorkflowVersion.belongsTo(User, { foreignKey: 'createdBy', as: 'author' });
  ApiToken.belongsTo(User, { foreignKey: 'ownerId', as: 'owner' });
  return {
    User,
    Workflow,
    WorkflowRun,
    Task,
    Connector,
    Secret,
    AuditLog,
    Session,
    LoginFailure,
    ChatConversation,
    ChatMessage,
    WorkflowVersion,
    ApiToken,
  };
}

export type Models = ReturnType<typeof initModels>;
export {
  ApiToken,
  AuditLog,
  ChatConversation,
  ChatMessage,
  Connector,
  LoginFailure,
  Secret,
  Session,
  Task,
  User,
  Workflow,
  WorkflowRun,
  WorkflowVersion,
};
