/**
 * Checks an answer's body against the schema the OpenAPI document gives for it:
 * every required member present, no member the schema does not name (unless it
 * allows more), and each value of the documented type (null only where
 * nullable). Returns the problems as `path: what`, empty when the body
 * conforms, so a test can show them all at once.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>>;
  components: { schemas: Record<string, JsonSchema> };
}

export function nonConformance(value: unknown, schema: JsonSchema, document: OpenApiDocument, path = '$'): string[] {
  const resolved = resolve(schema, document);
  if (value === null) return resolved.nullable ? [] : [`${path}: null, but the schema does not allow null`];
  if (resolved.allOf) return resolved.allOf.flatMap((part) => nonConformance(value, part, document, path));
  const alternatives = resolved.oneOf ?? resolved.anyOf;
  if (alternatives) {
    return alternatives.some((alternative) => nonConformance(value, alternative, document, path).length === 0)
      ? []
      : [`${path}: matches none of the documented alternatives`];
  }
  if (resolved.enum && !resolved.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(resolved.enum)}`];
  switch (resolved.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${path}: ${typeof value}, documented as string`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${path}: ${JSON.stringify(value)}, documented as integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${path}: ${typeof value}, documented as number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: ${typeof value}, documented as boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${path}: not an array, documented as one`];
      return resolved.items ? value.flatMap((item, index) => nonConformance(item, resolved.items!, document, `${path}[${index}]`)) : [];
    default:
      if (resolved.type === 'object' || resolved.properties) return objectProblems(value, resolved, document, path);
      return [];
  }
}

function objectProblems(value: unknown, schema: JsonSchema, document: OpenApiDocument, path: string): string[] {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) return [`${path}: not an object, documented as one`];
  const record = value as Record<string, unknown>;
  const properties = schema.properties ?? {};
  const problems = (schema.required ?? []).filter((name) => !(name in record)).map((name) => `${path}.${name}: documented as required, not sent`);
  for (const [name, member] of Object.entries(record)) {
    const documented = properties[name];
    if (documented) problems.push(...nonConformance(member, documented, document, `${path}.${name}`));
    else if (typeof schema.additionalProperties === 'object')
      problems.push(...nonConformance(member, schema.additionalProperties, document, `${path}.${name}`));
    else if (schema.additionalProperties !== true && Object.keys(properties).length > 0) problems.push(`${path}.${name}: sent, but not documented`);
  }
  return problems;
}

function resolve(schema: JsonSchema, document: OpenApiDocument): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = document.components.schemas[name];
  if (!target) throw new Error(`The document refers to ${schema.$ref}, which it does not define`);
  return resolve(target, document);
}
