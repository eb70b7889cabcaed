import type { Model, ModelStatic } from 'sequelize';

/**
 * A model's columns under its attribute names (`t.column AS "attribute"`), for a raw statement
 * whose rows become instances again with `Model.build(row, { raw: true, isNewRecord: false })`.
 * Named, never `*`: a prepared statement's answer may not change shape, and a migration that adds
 * a column would otherwise break it in every process still running. Call it once the model is
 * initialised (its attributes exist from then on).
 */
export function modelColumns(model: ModelStatic<Model>, table: string): string {
  return Object.entries(model.getAttributes())
    .map(([name, attribute]) => `${table}.${attribute.field ?? name} AS "${name}"`)
    .join(', ');
}
