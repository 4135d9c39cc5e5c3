// Builds a syntactically valid call of any mutation with dummy arguments, from the schema itself.
import { GraphQLSchema, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from 'graphql';

function dummy(type: GraphQLInputType, depth = 0): string {
  if (isNonNullType(type)) return dummy(type.ofType, depth);
  if (isListType(type)) return `[${dummy(type.ofType, depth)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return `{${fields.map((f) => `${f.name}: ${dummy(f.type, depth + 1)}`).join(', ')}}`;
  }
  if (isScalarType(type)) {
    if (type.name === 'Int') return '1';
    if (type.name === 'Float') return '1.5';
    if (type.name === 'Boolean') return 'true';
    if (type.name === 'JSON') return '{}';
    return '"authz-matrix-dummy"';
  }
  return 'null';
}

export function mutationCalls(schema: GraphQLSchema): { name: string; query: string }[] {
  const fields = schema.getMutationType()?.getFields() ?? {};
  return Object.values(fields).map((f) => {
    const args = f.args.filter((a) => isNonNullType(a.type)).map((a) => `${a.name}: ${dummy(a.type)}`);
    return { name: f.name, query: `mutation { ${f.name}${args.length ? `(${args.join(', ')})` : ''} { __typename } }` };
  });
}
